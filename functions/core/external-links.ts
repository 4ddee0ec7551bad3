/**
 * 自查's check of the site's links to other sites (错链、断链, a scored item of the national
 * checklist): which addresses may be fetched at all, what an answer means, and when a failure is a
 * finding. Pure; the job that fetches is `functions/jobs/external-links.ts`, the records
 * `store/links.ts`.
 */
import { createHash } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { Finding } from './inspection.ts';

/** A link checked OK is not fetched again for this long. */
export const okForDays = 7;
/** Consecutive failed checks (one a run) before a link that may come back is reported: one timeout is no finding. */
export const failuresReported = 2;
/** Links checked in one run at most: the work of a run stays bounded, whatever the province links to. */
export const checksPerRun = 100;
/** Requests to one host in a second, at most: the check is polite to the sites linked to. */
export const perHostPerSecond = 2;
/** Redirects followed before giving up. */
export const maxRedirects = 3;
/** Not yet checked: due at once, before any link the agenda holds for a date. */
export const checkAtOnce = '1970-01-01T00:00:00.000Z';

/**
 * The absolute http(s) address an `href` names on another site (without its fragment), or undefined
 * for the site's own pages (relative, or on the site's host) and for other schemes.
 */
export function externalUrl(href: string, siteHost: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href.trim(), 'https://site.invalid/');
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.host === 'site.invalid' || url.host === siteHost || !url.hostname) return undefined;
  url.hash = '';
  return url.href.length <= 2000 ? url.href : undefined;
}

/** An address written out in text: up to a space, a quote, an angle bracket or a character outside ASCII (Chinese text runs on). */
const addressInText = /https?:\/\/[^\s<>"'`\u0080-\uffff]+/gi;

/**
 * The http(s) addresses written out in an attachment's text (and those its link annotations or
 * hyperlinks name, `targets`), each once, as `externalUrl` takes them: a sentence's closing
 * punctuation (and a bracket the address did not open) is not part of its address. The site's own
 * host is dropped later, by 自查, which knows it.
 */
export function textLinks(texts: readonly string[], targets: readonly string[] = []): string[] {
  const found = new Set<string>();
  const take = (raw: string) => {
    const url = externalUrl(raw, '');
    if (url) found.add(url);
  };
  for (const text of texts)
    for (let [raw] of text.matchAll(addressInText)) {
      raw = raw.replace(/[.,;:!?'"]+$/, '');
      while (/[)\]}]$/.test(raw) && count(raw, raw.at(-1)!) > count(raw, opening[raw.at(-1)!]!)) raw = raw.slice(0, -1);
      take(raw);
    }
  for (const target of targets) take(target);
  return [...found];
}
const opening: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const count = (text: string, char: string) => text.split(char).length - 1;

/** The attachment a site file's key holds (`<agency>/files/<item>/<attachment>.<ext>`), or undefined. */
export const attachmentOfKey = (key: string) => /(?:^|\/)files\/[^/]+\/([^/.]+)\.[^/.]+$/.exec(key)?.[1];

/** A link's record key: the address hashed (an address may be longer than a key should be). */
export const linkHash = (url: string) => createHash('sha256').update(url).digest('hex').slice(0, 32);

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Addresses inside a network (private, link-local as the cloud's metadata service, loopback, reserved). */
const internal = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  internal.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  internal.addSubnet(net, bits, 'ipv6');

/**
 * Whether an address may be fetched: never one inside a network (a page could link to
 * http://169.254.169.254/, the metadata service, or to the platform's own neighbours), except the
 * loopback where the platform runs locally (its tests' own server).
 */
export function addressAllowed(address: string, local: boolean): boolean {
  const family = isIP(address);
  if (!family) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return addressAllowed(mapped, local);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (local && loopback.check(address, type)) return true;
  return !internal.check(address, type);
}

/** A host as an address (an IP literal, brackets off), or undefined for a name. */
export const literalAddress = (hostname: string) => {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) ? bare : undefined;
};

/** What one check found. */
export type LinkOutcome =
  | { kind: 'ok'; status: number }
  /** The address does not exist: the name does not resolve, or the server says so (404, 410, other 4xx). */
  | { kind: 'wrong'; status?: number; reason: string }
  /** It may come back: a timeout, no connection, a server error. */
  | { kind: 'broken'; status?: number; reason: string }
  /** Inside a network: not fetched. */
  | { kind: 'refused'; address: string }
  /** Locally, a name on the internet is not fetched (nothing leaves the machine in tests). */
  | { kind: 'skipped' };

/** What an HTTP status says of a link (the last answer, after any redirects). */
export function outcomeOfStatus(status: number, redirected = false): LinkOutcome {
  if (status < 400) return { kind: 'ok', status };
  const reason = `${redirected ? '经跳转后' : ''}答复 ${status}`;
  if (status === 408 || status === 429 || status >= 500) return { kind: 'broken', status, reason };
  return { kind: 'wrong', status, reason };
}

/** What a failure to get an answer says of a link (Node's error codes). */
export function outcomeOfError(code: string | undefined): LinkOutcome {
  if (code === 'ENOTFOUND') return { kind: 'wrong', reason: '域名无法解析' };
  if (code === 'TIMEOUT') return { kind: 'broken', reason: '超时未答复' };
  if (code === 'REDIRECTS') return { kind: 'broken', reason: `跳转超过 ${maxRedirects} 次` };
  if (code === 'ECONNREFUSED') return { kind: 'broken', reason: '拒绝连接' };
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) return { kind: 'broken', reason: '证书无效' };
  return { kind: 'broken', reason: `无法连接（${code ?? '未知错误'}）` };
}

/** What a link's record keeps of its checks. */
export interface LinkState {
  /** Consecutive failed checks. */
  failures: number;
  checkedAt?: string;
  /** When the agenda next offers it. */
  nextCheck: string;
  /** Its finding, while it has one. */
  reported?: { rule: 'externalLinkWrong' | 'externalLinkBroken'; detail: string };
}

/**
 * The state after a check at `at`. OK: left alone for `okForDays`. A failure is checked again on the
 * next run and reported once `failuresReported` checks in a row failed (错链 when the address does not
 * exist, 断链 when it does not answer); an address inside a network is reported at once, never fetched.
 */
export function afterCheck(before: LinkState | undefined, outcome: LinkOutcome, url: string, at: Date): LinkState {
  const checkedAt = at.toISOString();
  const later = (days: number) => new Date(at.getTime() + days * 86_400_000).toISOString();
  if (outcome.kind === 'ok') return { failures: 0, checkedAt, nextCheck: later(okForDays) };
  // Locally not fetched: nothing known, nothing reported, not offered again for a week.
  if (outcome.kind === 'skipped') return { failures: 0, checkedAt, nextCheck: later(okForDays) };
  const failures = (before?.failures ?? 0) + 1;
  if (outcome.kind === 'refused')
    return {
      failures,
      checkedAt,
      nextCheck: later(okForDays),
      reported: { rule: 'externalLinkWrong', detail: `链接 ${url} 指向内部网络地址（${outcome.address}），未予访问` },
    };
  const reported =
    failures >= failuresReported
      ? {
          rule: outcome.kind === 'wrong' ? ('externalLinkWrong' as const) : ('externalLinkBroken' as const),
          detail: `链接 ${url} ${outcome.reason}（连续 ${failures} 次检查）`,
        }
      : undefined;
  // Due again at the next run (whose agenda reads up to its start).
  return { failures, checkedAt, nextCheck: checkedAt, ...(reported && { reported }) };
}

/** The finding of one page's link (one written in an attachment of the page names the attachment). */
export const linkFinding = (
  reported: NonNullable<LinkState['reported']>,
  agencyId: string,
  page: string,
  attachment?: string,
): Finding => ({
  rule: reported.rule,
  severity: 'deduct',
  agencyId,
  page,
  detail: attachment ? `附件《${attachment}》中的${reported.detail}` : reported.detail,
});
