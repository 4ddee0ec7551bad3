/**
 * The application form's start token: when the server handed out the form, signed with a key only
 * the platform holds, so a client cannot claim to have spent longer on the form than it did. A form
 * sent within seconds of opening is a bot's; a token older than a day is a stale page.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const minimumFillMs = 3_000;
export const formTokenLifetimeMs = 24 * 3600_000;

const mac = (key: string, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

export function signFormToken(key: string, issuedAt: number, nonce = randomBytes(12).toString('base64url')): string {
  const payload = `${issuedAt.toString(36)}.${nonce}`;
  return `${payload}.${mac(key, payload)}`;
}

export type FormTokenCheck = { ok: true; issuedAt: number } | { ok: false; reason: 'invalid' | 'too-fast' | 'expired' };

export function checkFormToken(key: string, token: string, now: number): FormTokenCheck {
  const [issued, nonce, signature, ...rest] = token.split('.');
  if (!issued || !nonce || !signature || rest.length) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(mac(key, `${issued}.${nonce}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  const issuedAt = Number.parseInt(issued, 36);
  if (now - issuedAt < minimumFillMs) return { ok: false, reason: 'too-fast' };
  if (now - issuedAt > formTokenLifetimeMs) return { ok: false, reason: 'expired' };
  return { ok: true, issuedAt };
}

export const formTokenMessages: Record<Exclude<FormTokenCheck, { ok: true }>['reason'], string> = {
  invalid: '表单校验码无效，请刷新页面后重新填写。',
  'too-fast': '填写时间过短，请核对所填内容后再提交。',
  expired: '表单已打开超过 24 小时，请刷新页面后重新提交（已填写的内容请先复制保存）。',
};
