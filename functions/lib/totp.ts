/**
 * The second factor of the platform's own sign-in: TOTP (RFC 6238, 30 s, 6 digits, SHA-1: what
 * every authenticator app reads from the enrolment QR code), through `otpauth`.
 */
import { Secret, TOTP } from 'otpauth';

const issuer = '政府信息公开平台';
/** How long each code stands (RFC 6238's time step). */
export const totpStepSeconds = 30;
const totp = (secret: string, label = '') =>
  new TOTP({ issuer, label, period: totpStepSeconds, secret: Secret.fromBase32(secret) });

/** A new secret (160 bits, base32) for an account to enrol. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The `otpauth://` address an authenticator app takes (as a QR code or typed in). */
export const totpUri = (username: string, secret: string): string => totp(secret, username).toString();

/**
 * The time step `code` belongs to, when it is the current one or the one just before or after (for
 * a clock a little off); undefined for any other code. The step is what a used code is remembered by.
 */
export function totpStep(secret: string, code: string, at = Date.now()): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totp(secret).validate({ token: code, timestamp: at, window: 1 });
  return delta === null ? undefined : Math.floor(at / 1000 / totpStepSeconds) + delta;
}

/** The code at `at`, now by default (tests and the local demo accounts). */
export const currentTotp = (secret: string, at = Date.now()): string => totp(secret).generate({ timestamp: at });
