/**
 * Who a staff request comes from: the staff profile the signed-in token names, read on every staff
 * request. Each function's handler gives this to the request pipeline (lib/http.ts createHandler),
 * which stays below store/ and knows only how to read the token (lib/auth.ts).
 */
import type { StaffIdentity } from '#core/staff.ts';
import type { SignedIn } from '#lib/auth.ts';
import { forbidden, unauthorized } from '#lib/errors.ts';
import { getStaff, recordSignIn, signInEnded } from './staff.ts';

/**
 * The staff member a token stands for: refused when there is no live profile, the account is
 * disabled, or the sign-in the token comes from was ended by signing out (read with the profile,
 * so a signed-out token is refused from the next request, not when it expires).
 */
export async function staffOf(who: SignedIn): Promise<StaffIdentity & { name: string }> {
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
