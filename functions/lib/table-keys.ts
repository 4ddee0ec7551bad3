/**
 * The keys a table request names, as IAM reads them (`dynamodb:LeadingKeys`: the partition key of the
 * table, or of the index a query reads), with the sort key of each item written. The local platform
 * holds every function to its grant with it (cdk/local/table-access.ts); a function whose writes IAM
 * cannot narrow enough holds them itself (`confineWrites`).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Value = string | { S?: string } | undefined;
type Key = { pk?: Value; sk?: Value; [attribute: string]: unknown };
/** What of a request's input names keys (the SDK's shapes, marshalled or not). */
export interface Input {
  [parameter: string]: unknown;
  Key?: Key;
  Item?: Key;
  KeyConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, Value>;
  RequestItems?: Record<string, { Keys?: Key[] } | { PutRequest?: { Item: Key }; DeleteRequest?: { Key: Key } }[]>;
  TransactItems?: {
    Put?: { Item: Key };
    Update?: { Key: Key };
    Delete?: { Key: Key };
    ConditionCheck?: { Key: Key };
    Get?: { Key: Key };
  }[];
}

export interface KeyUse {
  kind: 'read' | 'write';
  /** The partition key IAM checks (undefined: the request names none, as a scan). */
  pk: string | undefined;
  /** The item's sort key, where the request names one item. */
  sk?: string;
}

const text = (value: Value) => (typeof value === 'string' ? value : value?.S);
const use = (kind: KeyUse['kind'], key: Key | undefined): KeyUse => ({
  kind,
  pk: text(key?.pk),
  ...(key?.sk !== undefined && { sk: text(key.sk) }),
});

/** The keys a request names, each with the kind of action IAM checks it under. */
export function keysNamed(command: string, input: Input): KeyUse[] {
  switch (command) {
    case 'GetItemCommand':
    case 'GetCommand':
      return [use('read', input.Key)];
    case 'PutItemCommand':
    case 'PutCommand':
      return [use('write', input.Item)];
    case 'UpdateItemCommand':
    case 'UpdateCommand':
    case 'DeleteItemCommand':
    case 'DeleteCommand':
      return [use('write', input.Key)];
    case 'QueryCommand': {
      // The key condition's equality on the partition key (the table's or the index's).
      const names = input.ExpressionAttributeNames ?? {};
      const [, name, placeholder] = /^\s*(#?\w+)\s*=\s*(:\w+)/.exec(input.KeyConditionExpression ?? '') ?? [];
      const attribute = name && (names[name] ?? name);
      const value = placeholder && text(input.ExpressionAttributeValues?.[placeholder]);
      return [{ kind: 'read', pk: attribute && /pk$/.test(attribute) ? value : undefined }];
    }
    case 'BatchGetItemCommand':
    case 'BatchGetCommand':
      return Object.values(input.RequestItems ?? {}).flatMap((r) =>
        ('Keys' in r ? (r.Keys ?? []) : []).map((k) => use('read', k)),
      );
    case 'BatchWriteItemCommand':
    case 'BatchWriteCommand':
      return Object.values(input.RequestItems ?? {}).flatMap((requests) =>
        (Array.isArray(requests) ? requests : []).map((r) => use('write', r.PutRequest?.Item ?? r.DeleteRequest?.Key)),
      );
    case 'TransactWriteItemsCommand':
    case 'TransactWriteCommand':
      return (input.TransactItems ?? []).map((t) =>
        t.ConditionCheck
          ? use('read', t.ConditionCheck.Key)
          : use('write', t.Put?.Item ?? t.Update?.Key ?? t.Delete?.Key),
      );
    case 'TransactGetItemsCommand':
    case 'TransactGetCommand':
      return (input.TransactItems ?? []).map((t) => use('read', t.Get?.Key));
    default:
      return [{ kind: 'read', pk: undefined }]; // a scan or anything else names no key
  }
}

/**
 * Writes held to some sort keys of some partitions: a partition-key prefix, and the sort-key prefixes
 * a write under it may have. For what IAM's `dynamodb:LeadingKeys` cannot narrow (it sees only the
 * partition key), such as the agency partition a citizen's submission writes, chosen by the request.
 */
export type WriteConfinement = Readonly<Record<string, readonly string[]>>;

/** Why a request breaks the confinement (the first write it names outside), or undefined. */
export function confinementProblem(command: string, input: Input, confinement: WriteConfinement): string | undefined {
  for (const { kind, pk, sk } of keysNamed(command, input)) {
    if (kind !== 'write' || pk === undefined) continue;
    for (const [partition, sortKeys] of Object.entries(confinement))
      if (pk.startsWith(partition) && !sortKeys.some((prefix) => sk?.startsWith(prefix)))
        return `may not write ${pk} ${sk ?? '(no sort key)'}: only ${sortKeys.join(', ')} there`;
  }
  return undefined;
}

/** A write the function's own confinement refused: a defect, never sent to the table. */
export class ConfinedWriteError extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'ConfinedWriteError';
  }
}

/** Refuses, before it is sent, every write on `client` outside `confinement`. */
export function confineWrites(client: DynamoDBDocumentClient, confinement: WriteConfinement): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const problem = confinementProblem(context.commandName ?? '', args.input as Input, confinement);
      if (problem) throw new ConfinedWriteError(problem);
      return next(args);
    },
    { step: 'initialize', name: 'confinedWrites' },
  );
}
