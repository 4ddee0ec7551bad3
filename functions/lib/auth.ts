/**
 * What a staff request's verified token says: who signed in, and when. Whether that person may act
 * is the staff profile's to say (store/staff-access.ts), which each function's handler gives the
 * pipeline as its `StaffLookup`: lib/ does not read the table.
 */
import type { StaffIdentity } from '#core/staff.ts';

export type Claims = Record<string, string | number | boolean | string[]> | undefined;

/** Who signed in and when (`authTime`, ISO), as the token says. */
export interface SignedIn {
  username: string;
  authTime?: string;
}

/** The staff member a signed-in token stands for, or the refusal (an HttpError): given by the function's handler. */
export type StaffLookup = (who: SignedIn) => Promise<StaffIdentity & { name: string }>;

/**
 * Who signed in and when, as the verified token says. Only the username is taken from it: the
 * agency, the roles and whether the account may act come from the staff profile on every request,
 * so a change of roles or a disabled account holds at once, whatever tokens are still unexpired.
 * Cognito's ID tokens name the user in `cognito:username`, the platform's own provider in
 * `preferred_username` (the HTTP API's authoriser passes every claim as a string).
 */
export function signedIn(claims: Claims): SignedIn | undefined {
  if (!claims) return undefined;
  // Only ID tokens name a person to the API: a Cognito access token (which the JWT authoriser also
  // lets through, by its client_id) is refused.
  if (claims.token_use !== undefined && claims.token_use !== 'id') return undefined;
  const username = claims['cognito:username'] ?? claims.preferred_username;
  if (typeof username !== 'string' || !username) return undefined;
  const seconds = Number(claims.auth_time);
  return { username, ...(seconds > 0 && { authTime: new Date(seconds * 1000).toISOString() }) };
}
