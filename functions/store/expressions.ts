/**
 * A county's own 表述检查 dictionary: its additions to the shipped rules and its exceptions (wrong
 * forms it judges right in its own use), one item in the county's partition, versioned, each change
 * in the log of administration.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  expressionChecker,
  type ExpressionChecker,
  type ExpressionRule,
  shippedExpressions,
} from '#core/expressions.ts';
import { db, tableName, transactWrite } from '#lib/dynamo.ts';
import { conditionHeld } from '#lib/dynamo-errors.ts';
import { adminLogPut } from './admin-log.ts';
import { topAgency } from './agencies.ts';
import * as keys from './keys.ts';

export interface CountyExpressions {
  additions: ExpressionRule[];
  exceptions: string[];
  version: number;
}

export async function getCountyExpressions(countyId: string): Promise<CountyExpressions> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.expressionRules(countyId) }));
  return {
    additions: (Item?.additions as ExpressionRule[] | undefined) ?? [],
    exceptions: (Item?.exceptions as string[] | undefined) ?? [],
    version: Number(Item?.version ?? 0),
  };
}

/** Replaces the county's additions and exceptions over the version read: false when someone saved first. */
export async function saveCountyExpressions(
  countyId: string,
  value: Omit<CountyExpressions, 'version'>,
  expectedVersion: number,
  by: string,
): Promise<number | false> {
  const before = await getCountyExpressions(countyId);
  if (before.version !== expectedVersion) return false;
  const saved = await conditionHeld(
    transactWrite([
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.expressionRules(countyId), ...value, version: expectedVersion + 1, updatedBy: by },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(expectedVersion !== 0 && { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        },
      },
      adminLogPut({
        by,
        subject: 'expressions',
        target: countyId,
        agencyId: countyId,
        action: '修改表述检查词库',
        before: { additions: before.additions, exceptions: before.exceptions },
        after: value,
      }),
    ]),
  );
  return saved && expectedVersion + 1;
}

/** The portal's government's id, once found (it does not change), and the checkers built, by version. */
let portalId: string | undefined;
const checkers = new Map<string, ExpressionChecker>();

/**
 * The checker of what goes public on this portal: the shipped dictionary with its government's
 * additions and exceptions, read each time (one item; a change applies at once), built once per
 * version in each instance.
 */
export async function portalExpressions(): Promise<ExpressionChecker> {
  portalId ??= (await topAgency())?.id;
  const own = portalId ? await getCountyExpressions(portalId) : { additions: [], exceptions: [], version: 0 };
  // A county that never saved its own rules checks by the shipped ones: the same checker, built once.
  if (!own.version) return shippedExpressions;
  const key = `${portalId}:${own.version}`;
  let checker = checkers.get(key);
  if (!checker) {
    checker = expressionChecker(own);
    checkers.set(key, checker);
  }
  return checker;
}
