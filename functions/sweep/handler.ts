import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';
import { keys } from '#store/design.ts';
import { runSweep } from './sweep.ts';

/**
 * The daily sweep (EventBridge schedule; locally `npm run sweep` and a timer in `npm start`). It
 * records when it last ran and what it did, so staff and alarms can tell a sweep that stopped.
 */
export const handler = async (event: { time?: string } = {}) => {
  const ranAt = event.time ?? new Date().toISOString();
  const report = await runSweep(new Date(ranAt));
  await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.sweep(), ranAt, report } }));
  return { ranAt, ...report };
};
