/** The staff queue: pages from an index ordered by the stored deadline, filtered and searched within a read budget. */
import type { IsoDate } from '#core/dates.ts';
import { openStatuses } from '#core/workflow.ts';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, decodeCursor, encodeCursor, tableName } from '#lib/dynamo.ts';
import type { StoredApplication } from './applications.ts';
import * as keys from './keys.ts';

export interface QueueQuery {
  agencyId: string;
  /** One status, or `open`: every status not yet ended (the open ones sort first: they have deadlines). */
  status?: string;
  /** A username, or `-` for the unassigned. */
  assignee?: string;
  applicantKind?: 'person' | 'organisation';
  year?: number;
  /** Deadlines before `before` (overdue), or from `from` to `to` (due soon). */
  due?: { before: IsoDate } | { from: IsoDate; to: IsoDate };
  /** `searchForm` of what staff typed: a substring of the name, title or receipt number. */
  search?: string;
  /** Only those awaiting 人工复核 of the applicant's identity (`reviewPending`). */
  review?: 'identity';
  limit: number;
  cursor?: string;
}

/** Items looked at per request at most: a filter or search that matches little answers in pages, not all at once. */
export const queueReadBudget = 500;
const queueReadChunk = 100;

/** The index and partition a query reads: by assignee, else by status, else the whole queue. */
function queueIndex(query: QueueQuery) {
  const sample = keys.queue(
    query.agencyId,
    query.status ?? '',
    query.assignee === '-' ? undefined : query.assignee,
    null,
    '',
  );
  if (query.assignee) return { index: 'gsi4', pk: 'gsi4pk', sk: 'gsi4sk', value: sample.gsi4pk };
  if (query.status && query.status !== 'open')
    return { index: 'gsi3', pk: 'gsi3pk', sk: 'gsi3sk', value: sample.gsi3pk };
  return { index: 'gsi2', pk: 'gsi2pk', sk: 'gsi2sk', value: sample.gsi2pk };
}

/**
 * One page of the queue, soonest deadline first: the filters the indexes serve are key conditions;
 * the rest are filter expressions over at most `queueReadBudget` items. `next` continues where the
 * page (or the budget) ended; `exhausted` says whether the budget ran out before the page filled.
 */
export async function queuePage(
  query: QueueQuery,
): Promise<{ items: StoredApplication[]; next: string | null; exhausted: boolean }> {
  const index = queueIndex(query);
  const names: Record<string, string> = { '#pk': index.pk };
  const values: Record<string, unknown> = { ':pk': index.value };
  let condition = '#pk = :pk';
  if (query.due) names['#sk'] = index.sk;
  if (query.due && 'before' in query.due) {
    condition += ' AND #sk < :before';
    values[':before'] = query.due.before;
  } else if (query.due) {
    condition += ' AND #sk BETWEEN :from AND :to';
    values[':from'] = query.due.from;
    values[':to'] = `${query.due.to}#~`;
  }
  const filters: string[] = [];
  if (query.status === 'open') {
    filters.push(`#status IN (${openStatuses.map((_, i) => `:open${i}`).join(', ')})`);
    names['#status'] = 'status';
    for (const [i, status] of openStatuses.entries()) values[`:open${i}`] = status;
  } else if (query.assignee && query.status) {
    filters.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = query.status;
  }
  if (query.applicantKind) {
    filters.push('applicant.kind = :kind');
    values[':kind'] = query.applicantKind;
  }
  if (query.year) {
    filters.push('begins_with(receiptDate, :year)');
    values[':year'] = `${query.year}-`;
  }
  if (query.search) {
    filters.push('contains(searchText, :search)');
    values[':search'] = query.search;
  }
  if (query.review === 'identity')
    filters.push('attribute_exists(manualReview) AND attribute_not_exists(handling.identityConfirmed)');
  const items: StoredApplication[] = [];
  let start: Record<string, unknown> | undefined = query.cursor
    ? decodeCursor(query.cursor, ['pk', 'sk', index.pk, index.sk], [index.pk, index.value])
    : undefined;
  let evaluated = 0;
  // Reads grow with what a filter leaves out (twice the rows still needed, doubling), never with the
  // agency's history; without a filter every item read is a row.
  let chunk = 2 * query.limit;
  while (items.length < query.limit && evaluated < queueReadBudget) {
    const need = query.limit - items.length;
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index.index,
        KeyConditionExpression: condition,
        ...(filters.length && { FilterExpression: filters.join(' AND ') }),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        Limit: filters.length ? Math.min(chunk, queueReadChunk, queueReadBudget - evaluated) : need,
        ExclusiveStartKey: start,
      }),
    );
    evaluated += page.ScannedCount ?? 0;
    const found = (page.Items ?? []) as (StoredApplication & Record<string, string>)[];
    const room = query.limit - items.length;
    if (found.length > room) {
      // The page is full inside this chunk: continue after its last item, not after the chunk.
      items.push(...found.slice(0, room));
      const last = found[room - 1]!;
      return {
        items,
        next: encodeCursor({ pk: last.pk, sk: last.sk, [index.pk]: last[index.pk], [index.sk]: last[index.sk] }),
        exhausted: false,
      };
    }
    items.push(...found);
    chunk *= 2;
    start = page.LastEvaluatedKey;
    if (!start) return { items, next: null, exhausted: false };
  }
  return { items, next: start ? encodeCursor(start) : null, exhausted: items.length < query.limit };
}
