/** 条例26 lateness that waits for a year's calendar: the marker kept with the published version, and its judging. */
import { QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { PublicationEvent, PublishedVersion } from '#core/publication.ts';
import type { CounterChange } from '#core/report-counts.ts';
import { db, tableName } from '#lib/dynamo.ts';
import * as keys from './keys.ts';
import type { StoredPublication } from './publications.ts';
import { transactStep } from './sequences.ts';
import { counterWrites } from './stats.ts';
import { StaleVersionError } from './stale.ts';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** Keeps the marker of a lateness waiting for a calendar year in step with the published version. */
export function latenessMarkerWrites(id: string, was: number | undefined, is: number | undefined): TransactItems {
  if (was === is) return [];
  return [
    ...(was ? [{ Delete: { TableName: tableName, Key: keys.latenessPending(was, id) } }] : []),
    ...(is ? [{ Put: { TableName: tableName, Item: { ...keys.latenessPending(is, id), id } } }] : []),
  ];
}

/** Publications whose lateness waits for a calendar year, earliest year first: one bounded page. */
export async function listLatenessPending(limit: number): Promise<{ year: number; id: string }[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.latenessPending(0, '').pk },
      Limit: limit,
    }),
  );
  return Items.map((i) => ({ year: Number(String(i.sk).split('#')[0]), id: i.id as string }));
}

/**
 * A pending lateness judged now that its year's calendar is entered: the item (only from the version
 * read) and its version snapshot, its event, the late counter if it was late, the marker moved or gone.
 */
export async function recordLatenessJudged(
  item: StoredPublication,
  judged: PublishedVersion,
  event: PublicationEvent,
  counters: CounterChange[],
): Promise<void> {
  const at = new Date().toISOString();
  const version = item.version + 1;
  await transactStep(
    [
      {
        Update: {
          TableName: tableName,
          Key: keys.publication(item.id),
          UpdateExpression: 'SET published = :published, version = :version',
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':published': judged, ':version': version, ':expected': item.version },
        },
      },
      { Put: { TableName: tableName, Item: { ...keys.publicationVersion(item.id, judged.revision), ...judged } } },
      { Put: { TableName: tableName, Item: { ...keys.publicationEvent(item.id, at, version), ...event, at } } },
      ...(await counterWrites(item.agencyId, counters)),
      ...latenessMarkerWrites(item.id, item.published?.latenessPendingYear, judged.latenessPendingYear),
    ],
    () => new StaleVersionError(),
  );
}
