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
import { confinementProblem, keysNamed, type Input } from '#lib/table-keys.ts';
import { functionSpecs, type DeployedFunction } from '../functions.ts';

const acting = new AsyncLocalStorage<DeployedFunction>();

/** Runs `work` as function `fn` would: its table calls are held to its grant. */
export const actingAs = <T>(fn: DeployedFunction, work: () => T): T => acting.run(fn, work);

type Kind = 'read' | 'write';
type Found = [Kind, string | undefined];
export type { Input };

/** The partition key values a request names, each with the kind of action IAM checks it under. */
export const leadingKeys = (command: string, input: Input): Found[] =>
  keysNamed(command, input).map(({ kind, pk }) => [kind, pk]);

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
  // What IAM cannot narrow, the function holds itself (its `confine`); locally it is held here as well.
  const confine = functionSpecs[fn].table?.confine;
  const problem = confine && confinementProblem(command, input, confine);
  return problem ? `${fn} ${problem}` : undefined;
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
