/**
 * Passwords of the platform's own sign-in, hashed with scrypt (memory-hard, in Node's crypto: no
 * native module to build for Lambda). Parameters travel with each hash, so they can be raised later
 * and old hashes still verify.
 */
import { randomBytes, randomInt, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keyLength: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password.normalize('NFKC'), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );

export interface PasswordCost {
  N: number;
  r: number;
  p: number;
}
/** N = 2^15, r = 8: 32 MiB and some 100 ms per hash, the OWASP minimum for scrypt. */
export const passwordCost: PasswordCost = { N: 2 ** 15, r: 8, p: 1 };
const keyLength = 32;

/** `cost`: the production cost unless a test (where the cost is not what it tests) asks for less. */
export async function hashPassword(password: string, cost = passwordCost): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, keyLength, { ...cost, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * A stored hash that no password matches (a key of zeros: finding a password that derives it is a
 * preimage of scrypt), at the production cost: checked for an account that does not exist, it takes
 * the work and the time of a real check. Built without hashing, so a cold start runs no scrypt.
 */
export const decoyPasswordHash = (cost = passwordCost): string =>
  [
    'scrypt',
    cost.N,
    cost.r,
    cost.p,
    Buffer.alloc(16).toString('base64url'),
    Buffer.alloc(keyLength).toString('base64url'),
  ].join('$');

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: 256 * 1024 * 1024 };
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, options);
  return timingSafeEqual(actual, expected);
}

/** Letters and digits that cannot be misread for each other on paper (no 0/O, 1/l/I). */
const readable = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A temporary password an administrator hands over: 16 readable characters, four groups of four. */
export function temporaryPassword(): string {
  const chars = Array.from({ length: 16 }, () => readable[randomInt(readable.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** What a new password must be (the same policy as the Cognito pool): 12 characters, of three kinds at least. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 12) return '密码至少 12 位';
  if (password.length > 128) return '密码不能超过 128 位';
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((kind) => kind.test(password)).length;
  if (kinds < 3) return '密码应包含大写字母、小写字母、数字和符号中的至少三种';
  return undefined;
}
