import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';
import { putAgency } from '#store/agencies.ts';
import { keys } from '#store/design.ts';
import { putStaff } from '#store/staff.ts';
import { demoAgencies, demoStaff } from './demo-county.ts';

const marker = keys.seed('demo-county');

/** Seeds the demo county once; returns false when an earlier start already did. */
export async function seedDemoCounty(): Promise<boolean> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: marker, ConsistentRead: true }));
  if (Item) return false;
  await Promise.all([...demoAgencies.map(putAgency), ...demoStaff.map(putStaff)]);
  await db.send(new PutCommand({ TableName: tableName, Item: { ...marker, seededAt: new Date().toISOString() } }));
  return true;
}
