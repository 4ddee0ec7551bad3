/** Writing many records straight into the table, and counting what a piece of code reads: for the benches and test seeds. */

/** Puts every item, 25 a batch and a few batches at a time, until none is left unprocessed. */
export async function putAll(records: Record<string, unknown>[]): Promise<void> {
  const [{ BatchWriteCommand }, { db, tableName }] = await Promise.all([
    import('@aws-sdk/lib-dynamodb'),
    import('#lib/dynamo.ts'),
  ]);
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < records.length; i += 25) batches.push(records.slice(i, i + 25));
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let batch = batches.shift(); batch; batch = batches.shift()) {
        let items = batch;
        while (items.length) {
          const { UnprocessedItems } = await db.send(
            new BatchWriteCommand({ RequestItems: { [tableName]: items.map((Item) => ({ PutRequest: { Item } })) } }),
          );
          items = (UnprocessedItems?.[tableName] ?? []).map((r) => r.PutRequest!.Item!);
        }
      }
    }),
  );
}

/** Counts the DynamoDB items this process's client reads (items scanned by a query, or returned): read it, reset it. */
export async function itemsReadCounter(): Promise<{ read: number }> {
  const { db } = await import('#lib/dynamo.ts');
  const counter = { read: 0 };
  db.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const output = (result.output ?? {}) as { Item?: unknown; Items?: unknown[]; ScannedCount?: number };
      counter.read += output.ScannedCount ?? (output.Item ? 1 : 0) + (output.Items?.length ?? 0);
      return result;
    },
    { step: 'initialize', name: 'countItemsRead' },
  );
  return counter;
}

/**
 * Runs `work` with `meanwhile` run once, just before the first table call `when` picks out (by its
 * command's name and its input as JSON): another writer landing between `work`'s read and its write.
 * `work`'s answer, and what `meanwhile` answered (once, if that call went out; never, if not).
 */
export async function landingBefore<T, M>(
  when: (command: string, input: string) => boolean,
  meanwhile: () => Promise<M>,
  work: () => Promise<T>,
): Promise<{ answer: T; meanwhile: M[] }> {
  const { db } = await import('#lib/dynamo.ts');
  const ran: M[] = [];
  let fired = false;
  const name = `landingBefore${Math.random()}`;
  db.middlewareStack.add(
    (next, context) => async (args) => {
      if (!fired && when(context.commandName ?? '', JSON.stringify(args.input))) {
        fired = true;
        ran.push(await meanwhile());
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    return { answer: await work(), meanwhile: ran };
  } finally {
    db.middlewareStack.remove(name);
  }
}

/** Whether a table call is a transaction whose input holds `text` (a step's write, picked out by what it writes). */
export const transactionWith = (text: string) => (command: string, input: string) =>
  command.startsWith('TransactWrite') && input.includes(text);
