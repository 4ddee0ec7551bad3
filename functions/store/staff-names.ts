/** Display names for usernames (timelines keep who acted by username; people read names). */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';
import { keys } from './design.ts';

/** The display name of each username that has a profile (`system` and unknown names are left out). */
export async function staffNames(usernames: Iterable<string | undefined>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const wanted = [...new Set([...usernames].filter((u): u is string => Boolean(u) && u !== 'system'))];
  for (let i = 0; i < wanted.length; i += 100) {
    let left: Record<string, unknown>[] | undefined = wanted.slice(i, i + 100).map((u) => keys.staff(u));
    while (left?.length) {
      const { Responses, UnprocessedKeys } = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: left,
              ProjectionExpression: 'username, #name',
              ExpressionAttributeNames: { '#name': 'name' },
            },
          },
        }),
      );
      for (const item of Responses?.[tableName] ?? []) names.set(String(item.username), String(item.name));
      left = UnprocessedKeys?.[tableName]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return names;
}

/** Events with `actorName` beside `actor` where the actor has a profile. */
export async function withActorNames<E extends { actor?: string }>(
  events: E[],
): Promise<(E & { actorName?: string })[]> {
  const names = await staffNames(events.map((e) => e.actor));
  return events.map((e) => {
    const actorName = e.actor ? names.get(e.actor) : undefined;
    return actorName ? { ...e, actorName } : e;
  });
}
