/**
 * The staff console's sign-in as a browser makes it, over HTTP: the authorisation code flow with
 * PKCE at the platform's own provider, its cookies kept in a jar, its pages' forms filled in.
 */
import { createHash, randomBytes } from 'node:crypto';
import { currentTotp } from '#lib/totp.ts';
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

export function browser(base: string, jar = new CookieJar()): Browser {
  return {
    base,
    jar,
    async go(path, form) {
      const response = await fetch(new URL(path, base), {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        headers: {
          cookie: jar.header(),
          ...(form && { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        ...(form && { body: new URLSearchParams(form) }),
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

/** A demo account signed in the whole way: its ID token. */
export async function signInAsDemo(base: string, username: string): Promise<string> {
  const b = browser(base);
  const started = await startSignIn(b);
  const response = await b.go(`${started.interaction}/login`, {
    username,
    password: demoPassword,
    code: currentTotp(demoTotpSecret(username)),
  });
  const back = await followToConsole(b, response);
  const { body } = await exchange(b, started, back.get('code') ?? '');
  if (!body.id_token) throw new Error(`no ID token: ${JSON.stringify(body)}`);
  return body.id_token;
}
