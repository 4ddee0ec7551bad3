import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { WorkingCalendar, type YearSchedule } from '#core/calendar.ts';
import { db, isConditionFailure, tableName, transactWrite } from '#lib/dynamo.ts';
import { adminLogPut } from './admin-log.ts';
import * as keys from './keys.ts';
import { StaleVersionError } from './stale.ts';

export interface StoredSchedule extends YearSchedule {
  version: number;
  updatedBy: string;
  updatedAt: string;
  note: string;
}

/** Every year's schedule (a few dozen entries a year): one query, current versions only. */
export async function listSchedules(): Promise<StoredSchedule[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :year)',
      ExpressionAttributeValues: { ':pk': 'CALENDAR', ':year': 'YEAR#' },
    }),
  );
  return Items.filter((item) => !String(item.sk).includes('#V')).map(
    ({ year, complete, days, version, updatedBy, updatedAt, note }) =>
      ({ year, complete, days, version, updatedBy, updatedAt, note }) as StoredSchedule,
  );
}

/** One year's schedule as entered, if it was. */
export async function getSchedule(year: number): Promise<StoredSchedule | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.calendarYear(year) }));
  return Item as StoredSchedule | undefined;
}

/**
 * Replaces a year's schedule if nobody changed it since `expectedVersion` was read (0: it must not
 * exist yet), and keeps the replaced version as history.
 */
export async function saveSchedule(
  schedule: Omit<StoredSchedule, 'version'>,
  expectedVersion: number,
): Promise<StoredSchedule> {
  const version = expectedVersion + 1;
  const item = { ...schedule, version };
  const { Item: before } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.calendarYear(schedule.year), ConsistentRead: true }),
  );
  try {
    await transactWrite([
      adminLogPut({
        by: schedule.updatedBy ?? 'system',
        action: before ? '修改工作日历' : '录入工作日历',
        subject: 'calendar',
        target: String(schedule.year),
        before: before ? { complete: before.complete, days: before.days, note: before.note } : null,
        after: { complete: item.complete, days: item.days, note: item.note },
      }),
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.calendarYear(schedule.year), ...item },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(expectedVersion !== 0 && { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        },
      },
      { Put: { TableName: tableName, Item: { ...keys.calendarVersion(schedule.year, version), ...item } } },
    ]);
  } catch (error) {
    if (isConditionFailure(error)) throw new StaleVersionError();
    throw error;
  }
  return item;
}

/** The working calendar as it stands: the official data plus every schedule an administrator entered. */
export async function loadCalendar(): Promise<WorkingCalendar> {
  return new WorkingCalendar(await listSchedules());
}
