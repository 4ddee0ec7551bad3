/** The search index's changes since the base: all of them, and those already in the recent tier. */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionHeld, db, tableName } from '#lib/dynamo.ts';
import * as keys from './keys.ts';

/**
 * One step's change to the search: the item's county-wide position changed (or withdrawn). It leaves
 * the recent tier's set (a newer version waits in the delta), and the version counter moves, so a
 * rebuild of the recent tier that read the changes before this one does not claim it.
 */
export function searchDeltaWrite({ changed, removed }: { changed?: number; removed?: number }) {
  return {
    Update: {
      TableName: tableName,
      Key: keys.searchDelta(),
      UpdateExpression:
        changed !== undefined
          ? 'ADD changed :seq, v :one DELETE promoted :seq'
          : 'ADD removed :seq, v :one DELETE changed :seq, promoted :seq',
      ExpressionAttributeValues: { ':seq': new Set([changed ?? removed!]), ':one': 1 },
    },
  };
}

export interface SearchChanges {
  /** Positions published or revised since the base, and withdrawn since. */
  changed: number[];
  removed: number[];
  /** Of those, the ones the recent tier already holds as they are. */
  promoted: number[];
  /** Moves with every step: a claim on the changes read is made only from this value. */
  v: number;
}

export async function readSearchDelta(): Promise<SearchChanges> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.searchDelta(), ConsistentRead: true }),
  );
  const list = (name: string) => [...((Item?.[name] as Set<number> | undefined) ?? [])];
  return { changed: list('changed'), removed: list('removed'), promoted: list('promoted'), v: Number(Item?.v ?? 0) };
}

/** Records that the recent tier now holds every change read (false: a step came between, nothing recorded). */
export async function markPromoted(read: SearchChanges): Promise<boolean> {
  const all = [...read.changed, ...read.removed];
  if (!all.length) return true;
  return conditionHeld(
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.searchDelta(),
        UpdateExpression: 'ADD promoted :all',
        ConditionExpression: read.v ? 'v = :v' : 'attribute_not_exists(v)',
        ExpressionAttributeValues: { ':all': new Set(all), ...(read.v && { ':v': read.v }) },
      }),
    ),
  );
}

/** After a new base built from the changes read: forget them, unless a step came between (then the next fold does). */
export async function clearSearchDelta(read: SearchChanges): Promise<boolean> {
  if (!read.changed.length && !read.removed.length && !read.promoted.length) return true;
  return conditionHeld(
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.searchDelta(),
        UpdateExpression: 'REMOVE changed, removed, promoted',
        ConditionExpression: read.v ? 'v = :v' : 'attribute_not_exists(v)',
        ...(read.v && { ExpressionAttributeValues: { ':v': read.v } }),
      }),
    ),
  );
}
