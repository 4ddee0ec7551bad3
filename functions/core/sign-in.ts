/**
 * The rules of the platform's own sign-in, apart from how passwords and codes are checked: an
 * account is locked for 15 minutes after 5 failures in a row; a temporary password must be changed;
 * an account without a second factor must enrol one before it may go on.
 */
export const lockout = { failures: 5, minutes: 15 } as const;

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
  failures: number;
  lockedUntil?: string;
  mustChange: boolean;
  totpSecret?: string;
}

export type SignInOutcome =
  | { result: 'locked'; until: string }
  /** The password or the code was wrong; `lockedUntil` when this failure locked the account. */
  | { result: 'wrong'; failures: number; lockedUntil?: string }
  /** The password was right; the authenticator's code is asked for next. */
  | { result: 'code-required' }
  | { result: 'change-password' }
  | { result: 'enrol' }
  | { result: 'ok' };

/**
 * What a sign-in attempt leads to: `password` whether it matched, `code` whether the second
 * factor's code matched (undefined when none was given).
 */
export function judgeSignIn(
  credential: CredentialState,
  attempt: { password: boolean; code?: boolean },
  now: Date,
): SignInOutcome {
  if (credential.lockedUntil && new Date(credential.lockedUntil) > now)
    return { result: 'locked', until: credential.lockedUntil };
  const wrong = (): SignInOutcome => {
    const failures = credential.failures + 1;
    return failures >= lockout.failures
      ? { result: 'wrong', failures, lockedUntil: new Date(now.getTime() + lockout.minutes * 60_000).toISOString() }
      : { result: 'wrong', failures };
  };
  if (!attempt.password) return wrong();
  if (credential.totpSecret) {
    if (attempt.code === undefined) return { result: 'code-required' };
    if (!attempt.code) return wrong();
  }
  if (credential.mustChange) return { result: 'change-password' };
  if (!credential.totpSecret) return { result: 'enrol' };
  return { result: 'ok' };
}

/** What the sign-in page says for each outcome that stops the person (Chinese, as they read it). */
export const signInMessages = {
  locked: (until: string) =>
    `连续输入错误次数过多，账号已锁定至 ${new Date(new Date(until).getTime() + 8 * 3600_000).toISOString().slice(11, 16)}（北京时间），请稍后再试或联系管理员重置密码。`,
  /** The same words whether or not the account exists, so the page does not tell which usernames are real. */
  wrong: (failures: number) =>
    failures >= lockout.failures
      ? `用户名、密码或动态口令不正确。连续错误 ${lockout.failures} 次，账号已锁定 ${lockout.minutes} 分钟。`
      : `用户名、密码或动态口令不正确。连续错误 ${lockout.failures} 次，账号将锁定 ${lockout.minutes} 分钟。`,
} as const;
