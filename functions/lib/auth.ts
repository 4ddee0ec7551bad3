import type { StaffIdentity } from '#core/staff.ts';
import { getStaff, recordSignIn, signInEnded } from '#store/staff.ts';
import { forbidden, unauthorized } from './errors.ts';

type Claims = Record<string, string | number | boolean | string[]> | undefined;

/**
 * Who signed in and when, as the verified token says. Only the username is taken from it: the
 * agency, the roles and whether the account may act come from the staff profile on every request,
 * so a change of roles or a disabled account holds at once, whatever tokens are still unexpired.
 * Cognito's ID tokens name the user in `cognito:username`, the platform's own provider in
 * `preferred_username` (the HTTP API's authoriser passes every claim as a string).
 */
export function signedIn(claims: Claims): { username: string; authTime?: string } | undefined {
  if (!claims) return undefined;
  // Only ID tokens name a person to the API: a Cognito access token (which the JWT authoriser also
  // lets through, by its client_id) is refused.
  if (claims.token_use !== undefined && claims.token_use !== 'id') return undefined;
  const username = claims['cognito:username'] ?? claims.preferred_username;
  if (typeof username !== 'string' || !username) return undefined;
  const seconds = Number(claims.auth_time);
  return { username, ...(seconds > 0 && { authTime: new Date(seconds * 1000).toISOString() }) };
}

/**
 * The staff member a token stands for: refused when there is no live profile, the account is
 * disabled, or the sign-in the token comes from was ended by signing out (read with the profile,
 * so a signed-out token is refused from the next request, not when it expires).
 */
export async function staffOf(claims: Claims): Promise<StaffIdentity & { name: string }> {
  const who = signedIn(claims);
  if (!who) throw unauthorized();
  const [member, ended] = await Promise.all([
    getStaff(who.username),
    who.authTime ? signInEnded(who.username, who.authTime) : false,
  ]);
  if (ended) throw unauthorized();
  if (!member || member.pending) throw forbidden('您的账号没有工作人员档案，请联系本机关或县级管理员。');
  if (member.disabled) throw forbidden('您的账号已停用，请联系管理员。');
  if (who.authTime) await recordSignIn(member, who.authTime);
  return { username: member.username, name: member.name, agencyId: member.agencyId, roles: member.roles };
}
