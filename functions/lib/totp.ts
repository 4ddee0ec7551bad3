/**
 * The second factor of the platform's own sign-in: TOTP (RFC 6238, 30 s, 6 digits, SHA-1: what
 * every authenticator app reads from the enrolment QR code), through `otpauth`.
 */
import { Secret, TOTP } from 'otpauth';

const issuer = '政府信息公开平台';
const totp = (secret: string, label = '') => new TOTP({ issuer, label, secret: Secret.fromBase32(secret) });

/** A new secret (160 bits, base32) for an account to enrol. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The `otpauth://` address an authenticator app takes (as a QR code or typed in). */
export const totpUri = (username: string, secret: string): string => totp(secret, username).toString();

/** Whether `code` is the current one (or the one just before or after, for a clock a little off). */
export function verifyTotp(secret: string, code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totp(secret).validate({ token: code, window: 1 }) !== null;
}

/** The current code (tests and the local demo accounts). */
export const currentTotp = (secret: string): string => totp(secret).generate();
