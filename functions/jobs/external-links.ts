/**
 * 自查's check of the site's links to other sites: the links due on the agenda (new ones, failures
 * of the last run, OK ones a week old), a bounded number a run, each fetched politely — HEAD (GET
 * where HEAD is refused or fails), a timeout, at most `perHostPerSecond` requests to a host, at most
 * `maxRedirects` redirects, no cookies, no body read — and never an address inside a network (the
 * address each connection goes to is the one checked: a name resolving inside is refused as well).
 * This is the only code of the platform that fetches addresses a page names.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  addressAllowed,
  afterCheck,
  checksPerRun,
  type LinkOutcome,
  literalAddress,
  maxRedirects,
  outcomeOfError,
  outcomeOfStatus,
  perHostPerSecond,
} from '#core/external-links.ts';
import { env, positiveIntegerEnv } from '#lib/config.ts';
import { log } from '#lib/log.ts';
import { dueLinks, forgetLink, getLink, type LinkRecord, linkReferrers, saveLinkCheck } from '#store/links.ts';

/** Links taken from the agenda at a time (progress is saved after each batch). */
const batch = 20;
/** Links checked at the same time (each host still paced on its own). */
const concurrency = 4;
const defaultTimeoutMs = 10_000;

/** Read at each check: locally loopback addresses are fetched (the tests' own server), names on the internet not. */
const isLocal = () => process.env[env.linkCheckLocal] === '1';
const timeoutMs = () => positiveIntegerEnv(env.linkCheckTimeout, defaultTimeoutMs);
// Header values are ASCII only.
const userAgent = 'Mozilla/5.0 (compatible; gongkai-link-check/1.0; government site self-inspection)';

/**
 * Paces the requests to each host: one at a time, each sent `1000 / perHostPerSecond` ms after the
 * previous one ended (answered or timed out), so the host never sees more than `perHostPerSecond` a
 * second, however late a request left or arrived, and a slow host is asked less often.
 */
class HostPace {
  #last = new Map<string, Promise<unknown>>();
  run<T>(host: string, request: () => Promise<T>): Promise<T> {
    const previous = this.#last.get(host);
    // A little over the interval: a timer may fire a millisecond early.
    const gap = 1000 / perHostPerSecond + 10;
    const mine = previous
      ? previous.then(() => new Promise((resolve) => setTimeout(resolve, gap))).then(request)
      : request();
    this.#last.set(
      host,
      mine.catch(() => undefined),
    );
    return mine;
  }
}

class Refused extends Error {
  readonly address: string;
  constructor(address: string) {
    super(`address inside a network: ${address}`);
    this.name = 'Refused';
    this.address = address;
  }
}

/** DNS as the connection uses it, refusing a name that resolves inside a network. */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const inside = addresses.find((a) => !addressAllowed(a.address, isLocal()));
    if (inside) return callback(new Refused(inside.address), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

type Answer = { status: number; location?: string };

/** One request: the status and where it redirects, the body never read. */
function ask(url: URL, method: 'HEAD' | 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, {
      method,
      agent: false,
      lookup: guardedLookup,
      headers: { 'user-agent': userAgent, accept: '*/*' },
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })), timeoutMs());
    req.on('response', (res: IncomingMessage) => {
      clearTimeout(timer);
      resolve({ status: res.statusCode ?? 0, ...(res.headers.location && { location: res.headers.location }) });
      res.destroy();
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}

/** Follows a link as a browser would (at most `maxRedirects` redirects), every hop paced and its address checked. */
async function follow(start: string, method: 'HEAD' | 'GET', pace: HostPace, counted: { requests: number }) {
  let url = new URL(start);
  for (let hop = 0; ; hop++) {
    const literal = literalAddress(url.hostname);
    if (literal && !addressAllowed(literal, isLocal())) throw new Refused(literal);
    if (!literal && url.hostname !== 'localhost' && isLocal()) return undefined;
    const at = url;
    const answer = await pace.run(url.hostname, () => {
      counted.requests += 1;
      return ask(at, method);
    });
    if (answer.status < 300 || answer.status >= 400 || !answer.location) return { ...answer, hops: hop };
    if (hop === maxRedirects) throw Object.assign(new Error('redirects'), { code: 'REDIRECTS' });
    url = new URL(answer.location, url);
    // Out of the web (a mailto:, a download scheme): a browser would open it; nothing more to check.
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { status: 200, hops: hop + 1 };
  }
}

/** What checking one link finds: HEAD, and GET where HEAD was refused or failed (some servers answer HEAD wrongly). */
export async function checkLink(url: string, pace = new HostPace(), counted = { requests: 0 }): Promise<LinkOutcome> {
  try {
    const head = await follow(url, 'HEAD', pace, counted);
    if (!head) return { kind: 'skipped' };
    const answer = head.status >= 400 ? ((await follow(url, 'GET', pace, counted)) ?? head) : head;
    return outcomeOfStatus(answer.status, answer.hops > 0);
  } catch (error) {
    if (error instanceof Refused) return { kind: 'refused', address: error.address };
    return outcomeOfError((error as { code?: string }).code);
  }
}

/**
 * Checks the links due by `until` (the run's start: a link that fails now is due at the next run, not
 * again in this one), at most `checksPerRun` a run counting `done` already. Saves after each batch;
 * false when the turn must stop first.
 */
export async function checkDueLinks(options: {
  until: string;
  done: number;
  more: () => boolean;
  saved: (done: number, requests: number) => Promise<void>;
}): Promise<boolean> {
  const pace = new HostPace();
  let done = options.done;
  while (done < checksPerRun) {
    if (!options.more()) return false;
    const due = await dueLinks(options.until, Math.min(batch, checksPerRun - done));
    if (!due.length) break;
    const counted = { requests: 0 };
    const queue = [...due];
    const worker = async (until: string) => {
      for (let link = queue.shift(); link; link = queue.shift()) await checkOne(link.hash, until, pace, counted);
    };
    await Promise.all(Array.from({ length: concurrency }, () => worker(options.until)));
    done += due.length;
    await options.saved(done, counted.requests);
  }
  return true;
}

async function checkOne(hash: string, until: string, pace: HostPace, counted: { requests: number }) {
  // The record as it stands: the index may still offer a link this run has checked already.
  const link = await getLink(hash);
  if (!link || link.nextCheck > until) return;
  const referrers = await linkReferrers(link.hash);
  if (!referrers.length) return forgetLink(link.hash);
  const outcome = await checkLink(link.url, pace, counted);
  const after: LinkRecord = { url: link.url, hash: link.hash, ...afterCheck(link, outcome, link.url, new Date()) };
  await saveLinkCheck(link, after, referrers);
  if (outcome.kind !== 'ok' && outcome.kind !== 'skipped')
    log.info('external link failed', { url: link.url, kind: outcome.kind, failures: after.failures });
}
