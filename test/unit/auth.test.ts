import { describe, expect, it } from 'vitest';
import { signedIn } from '#lib/auth.ts';
import { flattenClaims } from '../../cdk/local/jwt.ts';

describe('signedIn', () => {
  it("takes the username from Cognito's claim and nothing else from the token", () => {
    expect(
      signedIn({ 'cognito:username': 'lsh-admin', 'custom:agency': 'fusong', 'cognito:groups': '[admin]' }),
    ).toEqual({ username: 'lsh-admin' });
  });

  it("takes the username from the platform's own provider (preferred_username)", () => {
    expect(signedIn({ sub: 'u-1', preferred_username: 'xrq-handler' })).toEqual({ username: 'xrq-handler' });
  });

  it('reads when the sign-in happened from auth_time, flattened to a string as the authoriser passes it', () => {
    const claims = flattenClaims({ 'cognito:username': 'x', auth_time: 1_767_225_600 });
    expect(signedIn(claims)).toEqual({ username: 'x', authTime: '2026-01-01T00:00:00.000Z' });
  });

  it('refuses claims that name no one', () => {
    expect(signedIn(undefined)).toBeUndefined();
    expect(signedIn({ 'custom:agency': 'lushuihe', 'cognito:groups': '[admin]' })).toBeUndefined();
    expect(signedIn({ 'cognito:username': '' })).toBeUndefined();
  });

  it('takes ID tokens only: a Cognito access token, which the JWT authoriser lets through by client_id, names no one', () => {
    expect(signedIn({ 'cognito:username': 'lsh-admin', token_use: 'access', client_id: 'x' })).toBeUndefined();
    expect(signedIn({ 'cognito:username': 'lsh-admin', token_use: 'id' })).toEqual({ username: 'lsh-admin' });
  });

  it('flattens array claims the way the HTTP API does', () => {
    expect(flattenClaims({ 'cognito:groups': ['reviewer', 'admin'], exp: 1 })).toEqual({
      'cognito:groups': '[reviewer admin]',
      exp: '1',
    });
  });
});
