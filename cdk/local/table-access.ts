/**
 * The table grants of `cdk/functions.ts`, enforced locally as IAM enforces them in AWS: each
 * function's calls name partition keys (`dynamodb:LeadingKeys`: the table's, or for a query on an
 * index the index's), and a key outside the function's patterns for that kind of action is refused
 * with AccessDeniedException. Every test that drives a function through the local platform thereby
 * checks that its grant covers what it does. Calls made outside a function (the seed, the tests'
 * own reads) are the operator's, and pass.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { functionSpecs, type DeployedFunction } from '../functions.ts';

const acting = new AsyncLocalStorage<DeployedFunction>();

/** Runs `work` as function `fn` would: its table calls are held to its grant. */
export const actingAs = <T>(fn: DeployedFunction, work: () => T): T => acting.run(fn, work);

type Kind = 'read' | 'write';
type Value = string | { S?: string } | undefined;
type Key = { pk?: Value; [attribute: string]: unknown };
type Found = [Kind, string | undefined];
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

const text = (value: Value) => (typeof value === 'string' ? value : value?.S);

/** The partition key values a request names, each with the kind of action IAM checks it under. */
export function leadingKeys(command: string, input: Input): Found[] {
  const pk = (key: Key | undefined) => text(key?.pk);
  switch (command) {
    case 'GetItemCommand':
    case 'GetCommand':
      return [['read', pk(input.Key)]];
    case 'PutItemCommand':
    case 'PutCommand':
      return [['write', pk(input.Item)]];
    case 'UpdateItemCommand':
    case 'UpdateCommand':
    case 'DeleteItemCommand':
    case 'DeleteCommand':
      return [['write', pk(input.Key)]];
    case 'QueryCommand': {
      // The key condition's equality on the partition key (the table's or the index's).
      const names = input.ExpressionAttributeNames ?? {};
      const [, name, placeholder] = /^\s*(#?\w+)\s*=\s*(:\w+)/.exec(input.KeyConditionExpression ?? '') ?? [];
      const attribute = name && (names[name] ?? name);
      const value = placeholder && text(input.ExpressionAttributeValues?.[placeholder]);
      return [['read', attribute && /pk$/.test(attribute) ? value : undefined]];
    }
    case 'BatchGetItemCommand':
    case 'BatchGetCommand':
      return Object.values(input.RequestItems ?? {}).flatMap((r) =>
        ('Keys' in r ? (r.Keys ?? []) : []).map((k): Found => ['read', pk(k)]),
      );
    case 'BatchWriteItemCommand':
    case 'BatchWriteCommand':
      return Object.values(input.RequestItems ?? {}).flatMap((requests) =>
        (Array.isArray(requests) ? requests : []).map(
          (r): Found => ['write', pk(r.PutRequest?.Item ?? r.DeleteRequest?.Key)],
        ),
      );
    case 'TransactWriteItemsCommand':
    case 'TransactWriteCommand':
      return (input.TransactItems ?? []).map(
        (t): Found =>
          t.ConditionCheck
            ? ['read', pk(t.ConditionCheck.Key)]
            : ['write', pk(t.Put?.Item ?? t.Update?.Key ?? t.Delete?.Key)],
      );
    case 'TransactGetItemsCommand':
    case 'TransactGetCommand':
      return (input.TransactItems ?? []).map((t): Found => ['read', pk(t.Get?.Key)]);
    default:
      return [['read', undefined]]; // a scan or anything else names no key: refused
  }
}

/** IAM's StringLike: `*` any run of characters, `?` one. */
const like = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );

const grants = Object.fromEntries(
  Object.entries(functionSpecs).map(([fn, spec]) => {
    const write = (spec.table?.write ?? []).map(like);
    return [fn, { read: [...(spec.table?.read ?? []).map(like), ...write], write }];
  }),
) as Record<DeployedFunction, Record<Kind, RegExp[]>>;

export function refusal(fn: DeployedFunction, command: string, input: Input): string | undefined {
  for (const [kind, key] of leadingKeys(command, input)) {
    if (key === undefined || !grants[fn][kind].some((p) => p.test(key)))
      return `${fn} may not ${kind} ${key ?? `(no partition key in ${command})`}`;
  }
  return undefined;
}

/** Holds every call made on `client` inside `actingAs` to the acting function's grant. */
const enforced = new WeakSet<object>();

export function enforceTableGrants(client: DynamoDBDocumentClient) {
  if (enforced.has(client)) return;
  enforced.add(client);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const fn = acting.getStore();
      if (fn && process.env.GONGKAI_GRANTS_RECORD) {
        const { appendFileSync } = await import('node:fs');
        const lines = leadingKeys(context.commandName ?? '', args.input as Input).map(
          ([k, key]) => `${fn}\t${k}\t${key}\t${context.commandName}\n`,
        );
        appendFileSync(process.env.GONGKAI_GRANTS_RECORD, lines.join(''));
      }
      const problem = fn && refusal(fn, context.commandName ?? '', args.input as Input);
      if (problem) {
        const error = new Error(`AccessDeniedException (local grant): ${problem}`);
        Object.assign(error, { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
        if (process.env.GONGKAI_GRANTS_LOG) console.error(`[grant] ${problem}`);
        throw error;
      }
      return next(args);
    },
    { step: 'build', name: 'localTableGrants' },
  );
}
