/**
 * How the local gateway checks staff tokens, as the HTTP API's JWT authoriser does: those of the
 * platform's own OpenID provider (what the console signs in with), against the keys it publishes,
 * and the local script token below.
 *
 * The local script token, a stand-in for Cognito's tokens: an RS256 key pair made on first start, ID tokens with the
 * claims Cognito issues (`sub`, `cognito:username`, `cognito:groups`, `custom:agency`), and a
 * verifier that hands claims to the handlers in the shape the HTTP API's JWT authoriser produces.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose';

export const localIssuer = 'https://cognito-idp.local/gongkai-local';
export const localAudience = 'gongkai-local-console';
const tokenLifetimeSeconds = 8 * 3600;

export interface Issuer {
  sign(claims: {
    username: string;
    agencyId: string;
    roles: string[];
    name: string;
  }): Promise<{ token: string; expiresIn: number; claims: Record<string, unknown> }>;
  /** Flattened claims as API Gateway passes them, or undefined for a missing, forged or expired token. */
  verify(token: string): Promise<Record<string, string> | undefined>;
}

async function loadOrCreateKeys(file?: string): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey; kid: string }> {
  if (file && existsSync(file)) {
    const { kid, privateJwk, publicJwk } = JSON.parse(readFileSync(file, 'utf8')) as {
      kid: string;
      privateJwk: JWK;
      publicJwk: JWK;
    };
    return {
      kid,
      privateKey: (await importJWK(privateJwk, 'RS256')) as CryptoKey,
      publicKey: (await importJWK(publicJwk, 'RS256')) as CryptoKey,
    };
  }
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({ kid, privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) }),
      { mode: 0o600 },
    );
  }
  return { privateKey, publicKey, kid };
}

/** API Gateway HTTP API hands every claim over as a string; arrays become "[a b]". */
export function flattenClaims(payload: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([key, value]) => [
      key,
      Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value),
    ]),
  );
}

/** Keys persist in `keyFile` when given (so tokens survive a restart), otherwise live in memory. */
export async function createIssuer(keyFile?: string): Promise<Issuer> {
  const { privateKey, publicKey, kid } = await loadOrCreateKeys(keyFile);
  return {
    async sign({ username, agencyId, roles, name }) {
      const claims = {
        'cognito:username': username,
        'cognito:groups': roles,
        'custom:agency': agencyId,
        name,
        token_use: 'id',
        auth_time: Math.floor(Date.now() / 1000),
      };
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid })
        .setSubject(`local-${username}`)
        .setIssuer(localIssuer)
        .setAudience(localAudience)
        .setIssuedAt()
        .setExpirationTime(`${tokenLifetimeSeconds}s`)
        .sign(privateKey);
      return { token, expiresIn: tokenLifetimeSeconds, claims: { ...claims, sub: `local-${username}` } };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          issuer: localIssuer,
          audience: localAudience,
          algorithms: ['RS256'],
        });
        return flattenClaims(payload);
      } catch {
        return undefined;
      }
    },
  };
}

/** Tokens of an OpenID issuer, checked as the JWT authoriser does: its published keys, issuer, audience, expiry. */
export function issuerVerifier(
  issuer: string,
  audience: string,
): (token: string) => Promise<Record<string, string> | undefined> {
  const keys = createRemoteJWKSet(new URL(`${issuer}/jwks`));
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, { issuer, audience, algorithms: ['RS256'] });
      return flattenClaims(payload);
    } catch {
      return undefined;
    }
  };
}
