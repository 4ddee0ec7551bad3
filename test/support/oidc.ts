/**
 * The staff console's sign-in as a browser makes it, over HTTP: the authorisation code flow with
 * PKCE at the platform's own provider, its cookies kept in a jar, its pages' forms filled in. Each
 * browser may come from an address of its own on the loopback range (127.0.0.0/8), so the sign-in's
 * limits by source are met over real sockets as a second office, or an attacker, would meet them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { currentTotp, totpStepSeconds } from '#lib/totp.ts';
import { demoPassword, demoTotpSecret } from '../../cdk/local/demo-county.ts';

export class CookieJar {
  readonly cookies = new Map<string, string>();
  keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface Browser {
  base: string;
  jar: CookieJar;
  /** One request, redirects not followed, cookies sent and kept. */
  go(path: string, form?: Record<string, string>): Promise<Response>;
}

/** One HTTP request over its own socket, from `localAddress` (a loopback address) when given. */
export function send(
  url: URL,
  init: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: init.method ?? 'GET', headers: init.headers, localAddress: init.localAddress, agent: false },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const headers = new Headers();
          for (let i = 0; i < incoming.rawHeaders.length; i += 2)
            headers.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!);
          const status = incoming.statusCode ?? 0;
          const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, headers }));
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(init.body);
  });
}

/** A browser of its own cookies; `from` the loopback address it connects from (the platform sees it as the client's). */
export function browser(
  base: string,
  { from, jar = new CookieJar() }: { from?: string; jar?: CookieJar } = {},
): Browser {
  return {
    base,
    jar,
    async go(path, form) {
      const response = await send(new URL(path, base), {
        method: form ? 'POST' : 'GET',
        headers: {
          cookie: jar.header(),
          ...(form && { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        ...(form && { body: new URLSearchParams(form).toString() }),
        localAddress: from,
      });
      jar.keep(response);
      return response;
    },
  };
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

export interface Started {
  verifier: string;
  state: string;
  /** The sign-in page's address, where the provider sent the browser. */
  interaction: string;
}

/** The console's first step: to the provider with a PKCE challenge; answers where it was sent. */
export async function startSignIn(b: Browser): Promise<Started> {
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: 'gongkai-console',
    redirect_uri: `${b.base}/staff/`,
    scope: 'openid profile',
    state,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  });
  const response = await b.go(`/oidc/auth?${query}`);
  const location = response.headers.get('location');
  if (response.status !== 303 || !location) throw new Error(`authorize answered ${response.status}`);
  return { verifier, state, interaction: new URL(location, b.base).pathname };
}

/** Follows the provider's redirects to the console; answers the code (or the error) it hands back. */
export async function followToConsole(b: Browser, response: Response): Promise<URLSearchParams> {
  let current = response;
  for (let hops = 0; hops < 5; hops++) {
    const location = current.headers.get('location');
    if (!location)
      throw new Error(`expected a redirect, got ${current.status}: ${(await current.text()).slice(0, 300)}`);
    const url = new URL(location, b.base);
    if (url.pathname === '/staff/') return url.searchParams;
    current = await b.go(url.pathname + url.search);
  }
  throw new Error('too many redirects');
}

/** The console's last step: the code exchanged for tokens. */
export async function exchange(b: Browser, started: Started, code: string) {
  const response = await fetch(`${b.base}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: `${b.base}/staff/`,
      client_id: 'gongkai-console',
      code_verifier: started.verifier,
    }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { id_token?: string; refresh_token?: string; expires_in?: number; error?: string },
  };
}

const claims = join(tmpdir(), 'gongkai-totp-claims');

/**
 * A dynamic code of `secret` that no earlier sign-in to the platform at `base` has used: the
 * provider refuses a code twice, and tests (in parallel files too) sign the same demo accounts in
 * within one 30-second step. Claims the current step or the next (both accepted) by creating a
 * file of its own for it, and waits for the next step when both are taken.
 */
export async function unusedCode(base: string, secret: string): Promise<string> {
  mkdirSync(claims, { recursive: true });
  const platform = createHash('sha256').update(`${base}\n${secret}`).digest('hex').slice(0, 16);
  for (;;) {
    const now = Math.floor(Date.now() / 1000 / totpStepSeconds);
    for (const step of [now, now + 1]) {
      try {
        writeFileSync(join(claims, `${platform}-${step}`), '', { flag: 'wx' });
        return currentTotp(secret, step * totpStepSeconds * 1000);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    await sleep((now + 1) * totpStepSeconds * 1000 - Date.now() + 50);
  }
}

/** A demo account's unused code at the platform at `base`. */
export const demoCode = (base: string, username: string) => unusedCode(base, demoTotpSecret(username));

/** A demo account signed in the whole way (from `from`, when given): its ID and refresh tokens. */
export async function signInAsDemoWithTokens(base: string, username: string, from?: string) {
  const b = browser(base, { from });
  const started = await startSignIn(b);
  const response = await b.go(`${started.interaction}/login`, {
    username,
    password: demoPassword,
    code: await demoCode(base, username),
  });
  const back = await followToConsole(b, response);
  const { body } = await exchange(b, started, back.get('code') ?? '');
  if (!body.id_token || !body.refresh_token) throw new Error(`no tokens: ${JSON.stringify(body)}`);
  return { idToken: body.id_token, refreshToken: body.refresh_token, browser: b };
}

/** A demo account signed in the whole way: its ID token. */
export async function signInAsDemo(base: string, username: string): Promise<string> {
  return (await signInAsDemoWithTokens(base, username)).idToken;
}
