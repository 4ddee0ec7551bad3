/** The platform's own sign-in: judging an attempt, the limits on guessing, and the TOTP second factor. */
import { describe, expect, it } from 'vitest';
import { judgeSignIn, signInLimits, signInMessages, signInSource, waitAfter } from '#core/sign-in.ts';
import { currentTotp, newTotpSecret, totpStep, totpStepSeconds, totpUri } from '#lib/totp.ts';

const enrolled = { mustChange: false, totpSecret: 'JBSWY3DPEHPK3PXP' };

describe('judging a sign-in', () => {
  it('lets the right password and code in', () => {
    expect(judgeSignIn(enrolled, { password: true, code: true })).toEqual({ result: 'ok' });
  });
  it('answers a wrong or missing code as it answers a wrong password: the password is never confirmed alone', () => {
    expect(judgeSignIn(enrolled, { password: true, code: false })).toEqual({ result: 'wrong' });
    expect(judgeSignIn(enrolled, { password: false, code: true })).toEqual({ result: 'wrong' });
    expect(judgeSignIn(enrolled, { password: false, code: false })).toEqual({ result: 'wrong' });
  });
  it('answers an account that does not exist as a wrong password, whatever was typed', () => {
    expect(judgeSignIn(undefined, { password: true, code: true })).toEqual({ result: 'wrong' });
  });
  it('makes a temporary password be changed, then a second factor be enrolled', () => {
    const invited = { mustChange: true };
    expect(judgeSignIn(invited, { password: true, code: false })).toEqual({ result: 'change-password' });
    expect(judgeSignIn({ mustChange: false }, { password: true, code: false })).toEqual({ result: 'enrol' });
    expect(judgeSignIn(invited, { password: false, code: false })).toEqual({ result: 'wrong' });
    // An enrolled factor's code comes before a new password (an account that has both).
    expect(judgeSignIn({ ...enrolled, mustChange: true }, { password: true, code: false })).toEqual({
      result: 'wrong',
    });
  });
  it('says how long to wait, in whole minutes', () => {
    expect(signInMessages.waiting(60)).toContain('请于 1 分钟后再试');
    expect(signInMessages.waiting(61)).toContain('请于 2 分钟后再试');
    expect(signInMessages.waiting(5)).toContain('请于 1 分钟后再试');
    expect(signInMessages.wrong).not.toMatch(/锁定/);
  });
});

describe('the limits on guessing', () => {
  it('waits a minute after the free attempts, twice as long after each next one, an hour at most', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map(waitAfter)).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
    expect(signInLimits.accountFromSource).toBeLessThan(signInLimits.source);
  });
  it('counts an IPv4 client by its address and an IPv6 one by its /64', () => {
    expect(signInSource('203.0.113.7')).toBe('203.0.113.7');
    expect(signInSource('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(signInSource('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe('2001:db8:85a3:8d3::/64');
    expect(signInSource('2001:0db8:0000:0001::1')).toBe('2001:db8:0:1::/64');
    expect(signInSource('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(signInSource('2001:db8:0:0:ffff::9')).toBe(signInSource('2001:db8::1'));
    expect(signInSource('::1')).toBe('0:0:0:0::/64');
  });
});

describe('the TOTP second factor', () => {
  it('finds the time step of the current code of a new secret, and of the steps either side; refuses others', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const at = Date.UTC(2026, 11, 3, 2, 0, 10);
    const step = Math.floor(at / 1000 / totpStepSeconds);
    expect(totpStep(secret, currentTotp(secret, at), at)).toBe(step);
    expect(totpStep(secret, currentTotp(secret, at + totpStepSeconds * 1000), at)).toBe(step + 1);
    expect(totpStep(secret, currentTotp(secret, at - totpStepSeconds * 1000), at)).toBe(step - 1);
    expect(totpStep(secret, currentTotp(secret, at + 3 * totpStepSeconds * 1000), at)).toBeUndefined();
    expect(totpStep(secret, 'abcdef', at)).toBeUndefined();
    expect(totpStep(newTotpSecret(), currentTotp(secret, at), at)).toBeUndefined();
  });
  it('gives the address authenticator apps read', () => {
    expect(totpUri('lsh-handler', 'JBSWY3DPEHPK3PXP')).toMatch(
      /^otpauth:\/\/totp\/.+lsh-handler\?.*secret=JBSWY3DPEHPK3PXP/,
    );
  });
});
