/**
 * 自查's records of the site's links to other sites: one record per address (`LINK#<hash>`, its
 * checks' state, on the agenda of checks by its next check), the pages linking to it beside it (each
 * on the list of dead links while the address is reported), and each page's external links
 * as its last check found them (to see which it dropped). The links written in an attachment are
 * kept with it (`ATTLINKS#<attachment id>`, by the privacy function, which reads its text) and join
 * the links of the pages offering it for download.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  attachmentOfKey,
  checkAtOnce,
  externalUrl,
  type LinkState,
  linkFinding,
  linkHash,
} from '#core/external-links.ts';
import type { Finding } from '#core/inspection.ts';
import { urlOf } from '#core/site-plan.ts';
import { batchGet, batchWrite, db, isConditionFailure, queryAll, tableName } from '#lib/dynamo.ts';
import * as keys from './keys.ts';

export interface LinkRecord extends LinkState {
  url: string;
  hash: string;
}

interface Referrer {
  page: string;
  agencyId: string;
  /** The file name of the page's attachment the link is written in (none when the page itself links to it). */
  attachment?: string;
}

/** A page's external links; `attachments` the site keys of the files it offers (their links join the page's). */
export interface PageLinks {
  key: string;
  agencyId: string;
  urls: string[];
  attachments?: string[];
}

/** The external links written in attachments (their text, link annotations, hyperlinks), each by its file name. */
export interface AttachmentLinks {
  attachmentId: string;
  fileName: string;
  urls: string[];
}

/** Keeps the links an attachment names (read by the privacy function; an attachment's bytes never change). */
export async function saveAttachmentLinks(files: readonly AttachmentLinks[]) {
  await batchWrite(
    files
      .filter((f) => f.urls.length)
      .map((f) => ({ PutRequest: { Item: { ...keys.attachmentLinks(f.attachmentId), ...f } } })),
  );
}

/**
 * Each page's links with those of the attachments it offers (their file names in `from`, for the
 * links the page itself does not name), the site's own host left out: one read for the pages given.
 */
async function withAttachmentLinks(pages: readonly PageLinks[], siteHost: string) {
  const ids = [...new Set(pages.flatMap((p) => (p.attachments ?? []).map(attachmentOfKey).filter((id) => id)))];
  const stored = new Map(
    ((await batchGet(ids.map((id) => keys.attachmentLinks(id!)))) as unknown as AttachmentLinks[]).map((f) => [
      f.attachmentId,
      f,
    ]),
  );
  return pages.map((page) => {
    const urls = new Set(page.urls);
    const from: Record<string, string> = {};
    for (const key of page.attachments ?? []) {
      const file = stored.get(attachmentOfKey(key) ?? '');
      for (const url of file?.urls ?? []) {
        if (urls.has(url) || !externalUrl(url, siteHost)) continue;
        urls.add(url);
        from[url] = file!.fileName;
      }
    }
    return { key: page.key, agencyId: page.agencyId, urls: [...urls], from };
  });
}

const linkItem = (record: LinkRecord) => ({
  ...keys.externalLink(record.hash),
  ...keys.linkAgenda(record.nextCheck, record.hash),
  ...record,
});

/** A page's link to `link`, on its agency's list of dead links while the link is reported. */
const referrerItem = (link: Pick<LinkRecord, 'hash' | 'url' | 'reported'>, from: Referrer) => ({
  ...keys.externalLinkFrom(link.hash, from.page),
  ...from,
  url: link.url,
  ...(link.reported && { ...keys.deadLink(from.agencyId, from.page, link.hash), reported: link.reported }),
});

/**
 * Records the external links of pages just checked (and forgets those of pages gone), their
 * attachments' links with them: a link new to a page adds the page to the link's referrers (and the
 * link to the agenda, due at once, if no page linked to it before); a link a page dropped takes it
 * off. Reads and writes follow the pages given.
 */
export async function recordPageLinks(given: PageLinks[], gone: string[], siteHost = '') {
  const pages = await withAttachmentLinks(given, siteHost);
  const stored = (await batchGet([...pages.map((p) => p.key), ...gone].map((k) => keys.pageExternalLinks(k)))) as {
    page: string;
    agencyId: string;
    urls: string[];
    from?: Record<string, string>;
  }[];
  const before = new Map(stored.map((item) => [item.page, item]));
  const writes: Record<string, unknown>[] = [];
  const added: { url: string; from: Referrer }[] = [];
  const drop = (url: string, page: string) =>
    writes.push({ DeleteRequest: { Key: keys.externalLinkFrom(linkHash(url), page) } });
  for (const page of pages) {
    const previous = before.get(page.key);
    const old = new Set(previous?.urls ?? []);
    const now = new Set(page.urls);
    const label = (url: string) => page.from[url];
    for (const url of now)
      if (!old.has(url) || previous?.agencyId !== page.agencyId || previous.from?.[url] !== label(url))
        added.push({
          url,
          from: { page: page.key, agencyId: page.agencyId, ...(label(url) && { attachment: label(url) }) },
        });
    for (const url of old) if (!now.has(url)) drop(url, page.key);
    const same =
      previous?.agencyId === page.agencyId &&
      old.size === now.size &&
      [...now].every((u) => old.has(u) && previous.from?.[u] === label(u));
    if (same) continue;
    if (now.size)
      writes.push({
        PutRequest: {
          Item: {
            ...keys.pageExternalLinks(page.key),
            page: page.key,
            agencyId: page.agencyId,
            urls: [...now],
            ...(Object.keys(page.from).length && { from: page.from }),
          },
        },
      });
    else if (previous) writes.push({ DeleteRequest: { Key: keys.pageExternalLinks(page.key) } });
  }
  for (const page of gone) {
    const previous = before.get(page);
    if (!previous) continue;
    for (const url of previous.urls) drop(url, page);
    writes.push({ DeleteRequest: { Key: keys.pageExternalLinks(page) } });
  }
  if (added.length) {
    const hashes = [...new Set(added.map((a) => linkHash(a.url)))];
    const known = new Map(
      ((await batchGet(hashes.map((h) => keys.externalLink(h)))) as unknown as LinkRecord[]).map((r) => [r.hash, r]),
    );
    for (const { url, from } of added) {
      const hash = linkHash(url);
      let link = known.get(hash);
      if (!link) {
        link = { url, hash, failures: 0, nextCheck: checkAtOnce };
        await addLink(link);
        known.set(hash, link);
      }
      writes.push({ PutRequest: { Item: referrerItem(link, from) } });
    }
  }
  await batchWrite(writes);
}

/** A link first linked to: on the agenda at once (another run may have added it meanwhile: that one stands). */
async function addLink(record: LinkRecord) {
  try {
    await db.send(
      new PutCommand({ TableName: tableName, Item: linkItem(record), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Up to `limit` links due for a check by `until`, longest waiting first (new ones first of all). */
export async function dueLinks(until: string, limit: number): Promise<LinkRecord[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :due AND gsi1sk <= :until',
      ExpressionAttributeValues: { ':due': keys.linkAgenda().gsi1pk, ':until': `${until}#~` },
      Limit: limit,
    }),
  );
  return Items as LinkRecord[];
}

/** A link's record as it stands (the agenda's index may lag behind it). */
export async function getLink(hash: string): Promise<LinkRecord | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.externalLink(hash), ConsistentRead: true }),
  );
  return Item as LinkRecord | undefined;
}

/** The pages linking to a link, with their agencies. */
export async function linkReferrers(hash: string): Promise<Referrer[]> {
  const items = await queryAll<Referrer>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :from)',
    ExpressionAttributeValues: { ':pk': keys.externalLink(hash).pk, ':from': 'FROM#' },
    ProjectionExpression: 'page, agencyId, attachment',
  });
  return items;
}

/** A link no page links to any more leaves the agenda. */
export const forgetLink = (hash: string) =>
  db.send(new DeleteCommand({ TableName: tableName, Key: keys.externalLink(hash) }));

/** A link's state after a check; its referrers join or leave their agencies' lists when its finding changes. */
export async function saveLinkCheck(before: LinkRecord, after: LinkRecord, referrers: Referrer[]): Promise<void> {
  await db.send(new PutCommand({ TableName: tableName, Item: linkItem(after) }));
  if (JSON.stringify(before.reported) === JSON.stringify(after.reported)) return;
  await batchWrite(referrers.map((from) => ({ PutRequest: { Item: referrerItem(after, from) } })));
}

/**
 * The pages linking to dead external addresses, as findings: one query over as many as there are
 * (by agency), whatever the number of agencies or links.
 */
export async function deadLinkFindings(): Promise<Finding[]> {
  const items = await queryAll<Referrer & { reported: NonNullable<LinkState['reported']> }>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.deadLink().gsi1pk },
  });
  return items.map((item) => linkFinding(item.reported, item.agencyId, urlOf(item.page), item.attachment));
}
