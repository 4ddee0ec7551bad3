/** The platform's own sign-in: the lockout and first-sign-in rules, and the TOTP second factor. */
import { describe, expect, it } from 'vitest';
import { judgeSignIn, lockout, signInMessages } from '#core/sign-in.ts';
import { currentTotp, newTotpSecret, totpUri, verifyTotp } from '#lib/totp.ts';

const now = new Date('2026-12-03T02:00:00Z');
const enrolled = { failures: 0, mustChange: false, totpSecret: 'JBSWY3DPEHPK3PXP' };

describe('judging a sign-in', () => {
  it('lets a right password and code in, and asks for the code after the password', () => {
    expect(judgeSignIn(enrolled, { password: true, code: true }, now)).toEqual({ result: 'ok' });
    expect(judgeSignIn(enrolled, { password: true }, now)).toEqual({ result: 'code-required' });
  });
  it('counts a wrong password or code, and locks at the fifth failure for 15 minutes', () => {
    expect(judgeSignIn(enrolled, { password: false }, now)).toEqual({ result: 'wrong', failures: 1 });
    expect(judgeSignIn({ ...enrolled, failures: 2 }, { password: true, code: false }, now)).toEqual({
      result: 'wrong',
      failures: 3,
    });
    expect(judgeSignIn({ ...enrolled, failures: lockout.failures - 1 }, { password: false }, now)).toEqual({
      result: 'wrong',
      failures: 5,
      lockedUntil: '2026-12-03T02:15:00.000Z',
    });
  });
  it('refuses a locked account even with the right password, until the lock ends', () => {
    const locked = { ...enrolled, failures: 5, lockedUntil: '2026-12-03T02:15:00.000Z' };
    expect(judgeSignIn(locked, { password: true, code: true }, now)).toEqual({
      result: 'locked',
      until: '2026-12-03T02:15:00.000Z',
    });
    expect(judgeSignIn(locked, { password: true, code: true }, new Date('2026-12-03T02:15:01Z'))).toEqual({
      result: 'ok',
    });
  });
  it('makes a temporary password be changed, then a second factor be enrolled', () => {
    const invited = { failures: 0, mustChange: true };
    expect(judgeSignIn(invited, { password: true }, now)).toEqual({ result: 'change-password' });
    expect(judgeSignIn({ ...invited, mustChange: false }, { password: true }, now)).toEqual({ result: 'enrol' });
    // An enrolled factor's code comes before a new password (an account that has both).
    expect(judgeSignIn({ ...enrolled, mustChange: true }, { password: true }, now)).toEqual({
      result: 'code-required',
    });
  });
  it('says the same whether or not the account exists, and until when it is locked (Beijing time)', () => {
    expect(signInMessages.wrong(0)).toBe(signInMessages.wrong(3));
    expect(signInMessages.wrong(3)).toContain('连续错误 5 次，账号将锁定 15 分钟');
    expect(signInMessages.wrong(5)).toContain('账号已锁定 15 分钟');
    expect(signInMessages.locked('2026-12-03T02:15:00.000Z')).toContain('10:15');
  });
});

describe('the TOTP second factor', () => {
  it('verifies the current code of a new secret, and refuses others', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const code = currentTotp(secret);
    expect(verifyTotp(secret, code)).toBe(true);
    expect(verifyTotp(secret, code === '000000' ? '111111' : '000000')).toBe(false);
    expect(verifyTotp(secret, 'abcdef')).toBe(false);
    expect(verifyTotp(newTotpSecret(), code)).toBe(false);
  });
  it('gives the address authenticator apps read', () => {
    expect(totpUri('lsh-handler', 'JBSWY3DPEHPK3PXP')).toMatch(
      /^otpauth:\/\/totp\/.+lsh-handler\?.*secret=JBSWY3DPEHPK3PXP/,
    );
  });
});
