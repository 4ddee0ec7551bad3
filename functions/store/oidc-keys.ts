/**
 * The keys of the platform's own OpenID provider: the RS256 key that signs ID tokens (the HTTP
 * API's JWT authoriser reads its public half from the provider's JWKS) and the keys that sign its
 * cookies.
 */
import { generateKeyPairSync, randomBytes, randomUUID, type JsonWebKey } from 'node:crypto';
import * as keys from './keys.ts';
import { keptSecret } from './kept-secrets.ts';

export interface OidcKeys {
  jwks: { keys: (JsonWebKey & { kid: string; alg: string; use: string })[] };
  cookieKeys: string[];
}

function newKeys(): OidcKeys {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' }] },
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
}

export const oidcKeys = () => keptSecret(keys.oidcKeys(), newKeys);
