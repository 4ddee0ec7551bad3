/**
 * 个人信息检查 on publications: the scan a step starts, its result saved on the item, and the sparse
 * list of the items with a finding open that a reviewer works through.
 */
import type { PublicationEvent, PublicationState, PublishedVersion } from '#core/publication.ts';
import { openFindings, type PrivacyReview } from '#core/privacy.ts';
import { conditionHeld, queryPage, tableName, transactWrite } from '#lib/dynamo.ts';
import { randomBytes } from 'node:crypto';
import * as keys from './keys.ts';
import { jobWrites } from './jobs.ts';
import type { StoredPublication } from './publications.ts';

/**
 * The privacy function's job reading the attachments of a check a step has just started (the
 * review's or the saved draft's) that is still `scanning`: none when there is nothing to read, or
 * when the check is one already being read (a submission taking over the draft's).
 */
export function privacyScanWrites(next: StoredPublication, before: StoredPublication | undefined, by: string) {
  const reading = [before?.privacy, before?.draftCheck].filter((c) => c?.state === 'scanning');
  return [next.privacy, next.draftCheck].flatMap((review) => {
    if (review?.state !== 'scanning' || reading.some((c) => c!.key === review.key && c!.at === review.at)) return [];
    return jobWrites({
      id: randomBytes(8).toString('hex'),
      kind: 'privacyScan',
      params: { publicationId: next.id, key: review.key },
      by,
      agencyId: next.agencyId,
    }).writes;
  });
}

/**
 * The sparse index of what a reviewer must look at: an item submitted or on the site with a
 * 个人信息检查 finding open (a draft is the handler's to mend; a withdrawn item is off the site).
 */
export function privacyIndex(item: Pick<StoredPublication, 'id' | 'agencyId' | 'status' | 'privacy'>, at: string) {
  const open = item.privacy && openFindings(item.privacy.findings).length > 0;
  return open && item.status !== 'draft' && item.status !== 'withdrawn'
    ? keys.privacyOpen(item.agencyId, at, item.id)
    : {};
}

/**
 * A scan's result saved on its item, with its event: only over the scan it completes (`scanning`
 * under the same key) or, for the sweep, only from the version read; never over a step taken since.
 * `draftCheck` is a saved draft's check (the handler's; never on the reviewer's list).
 */
export async function savePrivacyReview(
  item: StoredPublication,
  review: PrivacyReview,
  event: PublicationEvent,
  over: 'scan' | 'version',
  attribute: 'privacy' | 'draftCheck' = 'privacy',
): Promise<boolean> {
  const at = new Date().toISOString();
  const index = attribute === 'privacy' ? privacyIndex({ ...item, privacy: review }, at) : undefined;
  const set = [`${attribute} = :review`, ...Object.keys(index ?? {}).map((k) => `${k} = :${k}`)];
  const remove = index ? ['gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'].filter((k) => !(k in index)) : [];
  return conditionHeld(
    transactWrite([
      {
        Update: {
          TableName: tableName,
          Key: keys.publication(item.id),
          UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression:
            over === 'scan' ? `${attribute}.#key = :key AND ${attribute}.#state = :scanning` : 'version = :version',
          ...(over === 'scan' && { ExpressionAttributeNames: { '#key': 'key', '#state': 'state' } }),
          ExpressionAttributeValues: {
            ':review': review,
            ...Object.fromEntries(Object.entries(index ?? {}).map(([k, v]) => [`:${k}`, v])),
            ...(over === 'scan' ? { ':key': review.key, ':scanning': 'scanning' } : { ':version': item.version }),
          },
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.publicationEvent(item.id, at, item.version), ...event, at },
        },
      },
    ]),
  );
}

export interface PrivacyListEntry {
  id: string;
  agencyId: string;
  title: string;
  status: PublicationState['status'];
  privacy: PrivacyReview;
  published?: Pick<PublishedVersion, 'publishedOn'>;
}

/** A page of the items with a finding open: one agency's, or the county's (every agency's), newest first. */
export function privacyOpenPage(agencyId: string | 'county', page: { limit: number; cursor?: string }) {
  const [index, name, value] =
    agencyId === 'county'
      ? (['gsi3', 'gsi3pk', keys.countyPrivacyList().gsi3pk] as const)
      : (['gsi2', 'gsi2pk', keys.agencyPrivacyList(agencyId).gsi2pk] as const);
  return queryPage<StoredPublication>(
    {
      IndexName: index,
      KeyConditionExpression: `${name} = :pk`,
      ExpressionAttributeValues: { ':pk': value },
      ScanIndexForward: false,
    },
    { ...page, keyNames: ['pk', 'sk', name, `${name.slice(0, 4)}sk`], partition: [name, value] },
  );
}
