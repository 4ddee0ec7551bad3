import { isRole, type StaffIdentity } from '#core/staff.ts';

type Claims = Record<string, string | number | boolean | string[]> | undefined;

/**
 * The HTTP API's JWT authoriser passes claims flattened to strings: an array claim such as
 * `cognito:groups` arrives as "[handler reviewer]". Accept that form and a real array.
 */
function listClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  const inner = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  return inner.split(/[\s,]+/).filter(Boolean);
}

export function staffFromClaims(claims: Claims): StaffIdentity | undefined {
  if (!claims) return undefined;
  const username = claims['cognito:username'] ?? claims.username;
  const agencyId = claims['custom:agency'];
  if (typeof username !== 'string' || typeof agencyId !== 'string' || !username || !agencyId) return undefined;
  return { username, agencyId, roles: listClaim(claims['cognito:groups']).filter(isRole) };
}
