/**
 * The rules of the platform's own sign-in, apart from how passwords and codes are checked: the
 * password and the dynamic code are judged together and any failure is answered alike; guessing is
 * slowed by source and by account rather than an account being locked; a temporary password must
 * be changed; an account without a second factor must enrol one before it may go on.
 */

/**
 * The limits on guessing. Every attempt is counted before the password is looked at, against the
 * account from this source and against the source; past the free attempts each next one waits,
 * twice as long each time. The account's failures from every source only slow a source that has
 * failed against it already, so a member of staff from a clean source, with the right password and
 * code, is never kept out by someone else's guessing.
 */
export const signInLimits = {
  /** Attempts at one account from one source before the waits begin. */
  accountFromSource: 5,
  /** Attempts from one source, at any accounts (known or not), before the waits begin. */
  source: 20,
  /** Failures at one account from all sources, past which a source that failed at it waits from its next attempt. */
  account: 10,
  /** The first wait, doubled for each attempt after it, up to the longest. */
  firstWaitSeconds: 60,
  longestWaitSeconds: 3600,
  /** A count is forgotten this long after its last attempt (its item's TTL). */
  forgetSeconds: 24 * 3600,
} as const;

/** The wait after the `beyond`-th attempt past the free ones (0 for the last free one). */
export const waitAfter = (beyond: number): number =>
  Math.min(signInLimits.firstWaitSeconds * 2 ** Math.max(0, beyond), signInLimits.longestWaitSeconds);

/**
 * The source an attempt is counted against: the client's IPv4 address, or the /64 network of an
 * IPv6 one (a single subscriber holds a whole /64 and could walk through it).
 */
export function signInSource(address: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (v4) return v4[1]!;
  const [head = '', tail] = address.toLowerCase().replace(/%.*$/, '').split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The staff console's client id at the platform's own provider: the JWT authoriser's audience. */
export const consoleClientId = 'gongkai-console';
/** Where the platform's own provider is mounted on the site's address (its issuer is the site's address and this). */
export const oidcMountPath = '/oidc';

/**
 * What the staff console reads from /staff/config.json to sign in with the authorisation code flow
 * and PKCE, whichever provider holds the sign-in; the console's own address is the redirect.
 */
export interface ConsoleSignIn {
  authorizeUrl: string;
  tokenUrl: string;
  /** Where signing out revokes the refresh token (RFC 7009). */
  revokeUrl: string;
  logoutUrl: string;
  /** The parameter that names where to return after signing out (Cognito's differs from OpenID's). */
  logoutRedirectParam: 'post_logout_redirect_uri' | 'logout_uri';
  clientId: string;
  scope: string;
}

/** The platform's own provider, on the same site as the console. */
export const platformConsoleSignIn: ConsoleSignIn = {
  authorizeUrl: `${oidcMountPath}/auth`,
  tokenUrl: `${oidcMountPath}/token`,
  revokeUrl: `${oidcMountPath}/token/revocation`,
  logoutUrl: `${oidcMountPath}/session/end`,
  logoutRedirectParam: 'post_logout_redirect_uri',
  clientId: consoleClientId,
  scope: 'openid profile',
};

export interface CredentialState {
  mustChange: boolean;
  totpSecret?: string;
}

/**
 * `wrong`: the password or the code was wrong, missing or already used, or there is no such
 * account, all answered alike.
 */
export type SignInOutcome =
  | { result: 'wrong' }
  | { result: 'change-password' }
  | { result: 'enrol' }
  | { result: 'ok' };

/**
 * What a sign-in attempt leads to: `password` whether it matched, `code` whether the dynamic code
 * matched an enrolled authenticator and had not been used (an account with no authenticator yet
 * has no code to give). No credential: no such account.
 */
export function judgeSignIn(
  credential: CredentialState | undefined,
  attempt: { password: boolean; code: boolean },
): SignInOutcome {
  if (!credential || !attempt.password) return { result: 'wrong' };
  if (credential.totpSecret && !attempt.code) return { result: 'wrong' };
  if (credential.mustChange) return { result: 'change-password' };
  if (!credential.totpSecret) return { result: 'enrol' };
  return { result: 'ok' };
}

/** What the sign-in page says when it stops the person (Chinese, as they read it). */
export const signInMessages = {
  /** The same words for any failure, and whether or not the account exists: the page tells nothing of which was wrong. */
  wrong: '用户名、密码或动态口令不正确，请重新输入。多次输入错误后须等待一段时间才能再试。',
  waiting: (seconds: number) =>
    `登录尝试过于频繁，请于 ${Math.max(1, Math.ceil(seconds / 60))} 分钟后再试。如非本人操作，请联系本机关管理员。`,
} as const;
