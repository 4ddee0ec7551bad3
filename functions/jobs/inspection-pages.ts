/**
 * 自查's pages: which pages a run reads (an incremental run's planned from the renderer's journal and
 * the links into what it removed; a full run's listed from the bucket a slice at a time), what a turn
 * knows of the bucket, and one slice of pages read and checked, their records and links written.
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsCommand } from '@aws-sdk/client-s3';
import type { expressionChecker } from '#core/expressions.ts';
import { brokenLinkFinding, checkPage, isPageKey } from '#core/inspection-page.ts';
import { config } from '#lib/config.ts';
import { s3 } from '#lib/s3.ts';
import { isMissingObject } from '#lib/s3-errors.ts';
import { getAgency } from '#store/agencies.ts';
import type { InspectionRun } from '#store/inspection-runs.ts';
import { recordPageLinks } from '#store/links.ts';
import { getPageRecords, linksInto, savePageChecks, type PageRecord } from '#store/page-checks.ts';
import { siteChangesBetween } from '#store/site-changes.ts';

/** Pages read and checked between two saves of progress. */
export const pagesPerSlice = 100;
/** Keys a full run lists at a time (S3's most): each slice lists from the last key handled. */
const listed = 1000;

/** The journal entries a run reads: after `from`, up to and including `to`. */
export interface Journal {
  from?: string;
  to?: string;
}

/** Links whose targets can disappear (an item withdrawn, its files, a report): the links into them are kept. */
const tracked = (key: string) => /\/(items|files|reports)\//.test(key);

/**
 * What a turn knows of the bucket: from the journal or the slice's listing, and HEAD requests (each key
 * once a turn).
 */
export class Bucket {
  readonly bucket = config.siteBucket();
  requests = 0;
  pagesRead = 0;
  #known = new Map<string, boolean>();
  /** What the plan or a listing already says is there (true) or gone (false): no request for those. */
  learn(known: Iterable<[string, boolean]>) {
    for (const [key, found] of known) this.#known.set(key, found);
  }
  async exists(key: string): Promise<boolean> {
    const known = this.#known.get(key);
    if (known !== undefined) return known;
    this.requests += 1;
    const found = await s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })).then(
      () => true,
      (error: unknown) => {
        if (isMissingObject(error)) return false;
        throw error;
      },
    );
    this.#known.set(key, found);
    return found;
  }
  async read(key: string): Promise<string | undefined> {
    this.requests += 1;
    this.pagesRead += 1;
    return s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })).then(
      (object) => object.Body!.transformToString(),
      (error: unknown) => {
        if (isMissingObject(error)) return undefined;
        throw error;
      },
    );
  }
  /**
   * The bucket's next `listed` keys after `after` (a full run), in key order; `more`: whether keys
   * follow. The original listing, paged by the last key: the local stand-in (s3rver) cannot page
   * ListObjectsV2 on Node 24, whose OpenSSL lacks the DES cipher its continuation tokens use; S3
   * serves both alike.
   */
  async list(after: string | undefined): Promise<{ keys: string[]; more: boolean }> {
    this.requests += 1;
    const page = await s3.send(new ListObjectsCommand({ Bucket: this.bucket, Marker: after, MaxKeys: listed }));
    const keys = (page.Contents ?? []).map((object) => object.Key!);
    return { keys, more: Boolean(page.IsTruncated) && keys.length > 0 };
  }
}

/** What a turn of a full run has listed of the bucket and not yet handled, and whether keys follow. */
export interface Listing {
  keys: string[];
  more: boolean;
}

/**
 * A full run's next slice: the keys after the last handled (`after`) up to the slice's last page (at
 * most `slice` pages), taken from what the turn has listed, listed from `after` when that is used up;
 * `last`: the slice's last key (none: nothing was left to list).
 */
export async function nextSlice(bucket: Bucket, after: string | undefined, listing: Listing) {
  if (!listing.keys.length && listing.more) {
    Object.assign(listing, await bucket.list(after));
    bucket.learn(listing.keys.map((key): [string, boolean] => [key, true]));
  }
  let end = listing.keys.length;
  for (let i = 0, pages = 0; i < listing.keys.length; i++)
    if (isPageKey(listing.keys[i]!) && ++pages === pagesPerSlice) {
      end = i + 1;
      break;
    }
  const keys = listing.keys.splice(0, end);
  return { pages: keys.filter(isPageKey), last: keys.at(-1) };
}

/** The journal since the last run, folded: each key's last change (put or removed). */
export async function changesOf(journal: Journal): Promise<Map<string, boolean>> {
  const changes = new Map<string, boolean>();
  if (!journal.to) return changes;
  for (const entry of await siteChangesBetween(journal.from, journal.to)) {
    for (const key of entry.removed) changes.set(key, false);
    for (const key of entry.put) changes.set(key, true);
  }
  return changes;
}

/** The pages removed since the last run, by the journal: their records go (a full run's too). */
export const goneOf = (changes: Map<string, boolean>) =>
  [...changes].filter(([key, put]) => !put && isPageKey(key)).map(([key]) => key);

/**
 * The pages an incremental run reads, in a fixed order (each turn derives the same list), and what the
 * bucket is known to hold.
 */
export async function plan(journal: Journal) {
  const changes = await changesOf(journal);
  const gone = goneOf(changes);
  // Pages that linked to something removed are read again, whatever else changed.
  const relinked = new Set<string>();
  for (const [key, put] of changes)
    if (!put && tracked(key)) for (const page of await linksInto(key)) relinked.add(page);
  const pages = new Set([...changes].filter(([key, put]) => put && isPageKey(key)).map(([key]) => key));
  for (const page of relinked) if (changes.get(page) !== false) pages.add(page);
  return { pages: [...pages].sort(), known: changes, gone, changes };
}

/** How a turn reads a page: the agency it belongs to, and what the site's pages are checked against. */
export interface PageContext {
  agencyOf: (key: string) => Promise<string>;
  siteHost: string;
  siteCode: boolean;
  expressions: ReturnType<typeof expressionChecker>;
}

/**
 * One slice of pages read and checked: each page's findings, its links' targets looked up (from what
 * the turn knows of the bucket, else a HEAD), its record and links written; a page gone meanwhile
 * has its record removed.
 */
export async function checkPages(
  keys: string[],
  bucket: Bucket,
  measure: InspectionRun['measure'],
  { agencyOf, siteHost, siteCode, expressions }: PageContext,
): Promise<void> {
  const previous = await getPageRecords(keys);
  const results: { record: PageRecord; previous?: PageRecord }[] = [];
  const vanished: PageRecord[] = [];
  const external: Parameters<typeof recordPageLinks>[0] = [];
  const missing: string[] = [];
  for (const key of keys) {
    const html = await bucket.read(key);
    if (html === undefined) {
      missing.push(key);
      const before = previous.get(key);
      if (before) vanished.push(before);
      continue;
    }
    const page = checkPage(key, html, { siteHost, siteCode, expressions });
    const findings = [...page.findings];
    for (const link of page.links) {
      measure.linksChecked += 1;
      if (!(await bucket.exists(link.key))) findings.push(brokenLinkFinding(link.key, link.attachment));
    }
    const agencyId = await agencyOf(key);
    // The links written in the files the page offers join its own (the privacy function kept them).
    const attachments = page.links.filter((l) => l.attachment).map((l) => l.key);
    external.push({ key, agencyId, urls: page.external, attachments });
    results.push({
      record: {
        key,
        agencyId,
        links: page.links.map((l) => l.key).filter(tracked),
        findings,
      },
      previous: previous.get(key),
    });
  }
  await savePageChecks(results, vanished);
  await recordPageLinks(external, missing, siteHost);
}

export const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
};

/**
 * The agency a page belongs to: its first path segment when that is an agency (read once per
 * segment met, not a list of every agency), else the portal's government (the portal's own pages).
 */
export function agencyResolver(countyId: string) {
  const known = new Map<string, Promise<boolean>>();
  return async (key: string): Promise<string> => {
    if (!key.includes('/')) return countyId;
    const first = key.split('/')[0]!;
    if (!known.has(first)) known.set(first, getAgency(first).then(Boolean));
    return (await known.get(first)) ? first : countyId;
  };
}

/**
 * The agencies whose records may have changed since the last run: those whose pages the renderer
 * wrote or removed (a publication, a withdrawal, a revision, a report, a rename all rewrite the
 * agency's pages), those of the pages read again for a link into something removed, and the
 * portal's government (its home and listing), by the plan the pages' phase read them by.
 */
export function changedAgencies(
  { pages, gone, known }: Pick<Awaited<ReturnType<typeof plan>>, 'pages' | 'gone' | 'known'>,
  countyId: string,
): string[] {
  const named = new Set<string>([countyId]);
  for (const key of [...pages, ...gone, ...known.keys()]) if (key.includes('/')) named.add(key.split('/')[0]!);
  return [...named].filter(Boolean);
}
