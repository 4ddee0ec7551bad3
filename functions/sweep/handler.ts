import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';
import { log } from '#lib/log.ts';
import { keys } from '#store/design.ts';

/**
 * The daily sweep (EventBridge schedule). For now it records that it ran, so staff and alarms can
 * tell a sweep that stopped running; the deadline reminders and render retries join it here.
 */
export const handler = async (event: { time?: string }) => {
  const ranAt = event.time ?? new Date().toISOString();
  await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.sweep(), ranAt } }));
  log.info('sweep finished', { ranAt });
  return { ranAt };
};
