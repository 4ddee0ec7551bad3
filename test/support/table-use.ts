/**
 * What a piece of code asks of the table, counted at the client: calls, items read (scanned by a
 * query, or returned by a get), and the capacity DynamoDB says it consumed (every call is sent with
 * ReturnConsumedCapacity TOTAL). Installed in the bench's own process, or in the platform's process
 * (`test/bench/platform-process.ts`) where a bench reads it between requests, or in a test.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface TableUse {
  calls: number;
  /** Calls begun while no other was under way: the round trips one request waited for, one after another. */
  trips: number;
  items: number;
  /** Read and write capacity units, as DynamoDB reports them. */
  rcu: number;
  wcu: number;
}

export const noUse = (): TableUse => ({ calls: 0, trips: 0, items: 0, rcu: 0, wcu: 0 });

type Consumed = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

/** Read calls, by the base client's command names (the document client's commands run as these). */
const reads = new Set([
  ...['Get', 'BatchGet', 'TransactGet', 'Query', 'Scan'].map((c) => `${c}Command`),
  ...['GetItem', 'BatchGetItem', 'TransactGetItems'].map((c) => `${c}Command`),
]);

export function countTableUse(db: DynamoDBDocumentClient): TableUse {
  const use = noUse();
  let inFlight = 0;
  db.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity ??= 'TOTAL';
      if (inFlight++ === 0) use.trips += 1;
      const result = await next(args).finally(() => (inFlight -= 1));
      const output = (result.output ?? {}) as {
        Item?: unknown;
        Items?: unknown[];
        ScannedCount?: number;
        Responses?: Record<string, unknown[]> | unknown[];
        ConsumedCapacity?: Consumed | Consumed[];
      };
      use.calls += 1;
      const batch = Array.isArray(output.Responses)
        ? output.Responses.length
        : Object.values(output.Responses ?? {}).reduce((n, items) => n + items.length, 0);
      use.items += output.ScannedCount ?? (output.Item ? 1 : 0) + (output.Items?.length ?? 0) + batch;
      const read = reads.has(context.commandName ?? '');
      for (const c of [output.ConsumedCapacity ?? []].flat()) {
        use.rcu += c.ReadCapacityUnits ?? (read ? (c.CapacityUnits ?? 0) : 0);
        use.wcu += c.WriteCapacityUnits ?? (read ? 0 : (c.CapacityUnits ?? 0));
      }
      return result;
    },
    { step: 'initialize', name: 'countTableUse' },
  );
  return use;
}

/** The difference between two readings. */
export const useSince = (now: TableUse, before: TableUse): TableUse => ({
  calls: now.calls - before.calls,
  trips: now.trips - before.trips,
  items: now.items - before.items,
  rcu: Math.round((now.rcu - before.rcu) * 10) / 10,
  wcu: Math.round((now.wcu - before.wcu) * 10) / 10,
});

/**
 * What `act` asks of the table in a process that also runs the platform's workers (a test's): the
 * workers are held still, and what they had begun is let finish (no call for half a second), first.
 */
export async function usedBy<T>(
  platform: { pauseWorkers(paused: boolean): void },
  use: TableUse,
  act: () => Promise<T>,
): Promise<{ result: T; use: TableUse }> {
  platform.pauseWorkers(true);
  try {
    for (let calls = -1; calls !== use.calls; ) {
      calls = use.calls;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const before = { ...use };
    const result = await act();
    return { result, use: useSince(use, before) };
  } finally {
    platform.pauseWorkers(false);
  }
}
