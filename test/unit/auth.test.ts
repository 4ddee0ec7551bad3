import { describe, expect, it } from 'vitest';
import { staffFromClaims } from '#lib/auth.ts';
import { flattenClaims } from '../../cdk/local/jwt.ts';

describe('staffFromClaims', () => {
  it('reads groups in the flattened "[a b]" form the HTTP API authoriser passes', () => {
    const staff = staffFromClaims({
      'cognito:username': 'lsh-admin',
      'custom:agency': 'lushuihe',
      'cognito:groups': '[admin reviewer]',
    });

    expect(staff).toEqual({ username: 'lsh-admin', agencyId: 'lushuihe', roles: ['admin', 'reviewer'] });
  });

  it('reads groups given as a real array', () => {
    expect(
      staffFromClaims({ 'cognito:username': 'a', 'custom:agency': 'b', 'cognito:groups': ['handler'] })?.roles,
    ).toEqual(['handler']);
  });

  it('drops groups that are not platform roles', () => {
    expect(
      staffFromClaims({ 'cognito:username': 'a', 'custom:agency': 'b', 'cognito:groups': '[superuser handler]' })
        ?.roles,
    ).toEqual(['handler']);
  });

  it('refuses claims without an agency, so no one acts for no agency', () => {
    expect(staffFromClaims({ 'cognito:username': 'a', 'cognito:groups': '[admin]' })).toBeUndefined();
  });

  it('matches what the local gateway produces from a token payload', () => {
    const claims = flattenClaims({
      'cognito:username': 'x',
      'custom:agency': 'y',
      'cognito:groups': ['reviewer', 'admin'],
      exp: 1,
    });

    expect(claims['cognito:groups']).toBe('[reviewer admin]');
    expect(claims.exp).toBe('1');
    expect(staffFromClaims(claims)?.roles).toEqual(['reviewer', 'admin']);
  });
});
