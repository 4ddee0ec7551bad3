/**
 * Which integration test files send mail. CI (.ci/run) runs the integration project a second time,
 * the platform's mail going out through the SMTP transport, over those files only. A file sends mail
 * when a platform it started holds an outbox message at the file's end. In the first pass (the
 * outbox transport), with GONGKAI_MAIL_FILES naming a file, each such test file's path is appended
 * to it. The list is what the tests did, not a list kept by hand: a new test that sends mail is in
 * the second pass without anyone marking it.
 *
 * A setup file of the integration project: its hook runs after each test file's own.
 */
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, expect, inject } from 'vitest';

const tables: string[] = [];

/** Called for each platform a test starts (test/support/platform.ts). */
export const noteTable = (table: string) => void tables.push(table);

/** Whether the table holds an outbox message (pk=AGENCY#<id>, sk=OUTBOX#…). */
async function hasMail(db: DynamoDBDocumentClient, table: string): Promise<boolean> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'begins_with(sk, :outbox)',
        ExpressionAttributeValues: { ':outbox': 'OUTBOX#' },
        ProjectionExpression: 'pk',
        ExclusiveStartKey,
      }),
    );
    if (page.Items?.length) return true;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return false;
}

/** A table a test took away itself holds no mail. */
const notFound = (error: unknown) => {
  if ((error as { name?: string }).name === 'ResourceNotFoundException') return false;
  throw error;
};

const record = process.env.GONGKAI_MAIL_FILES;
if (record)
  afterAll(async () => {
    if (!tables.length) return;
    // The shared DynamoDB Local itself: a test may have pointed its platform through a proxy since stopped.
    const db = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: inject('services').dynamodb,
        region: 'cn-north-1',
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      }),
    );
    try {
      for (const table of tables)
        if (await hasMail(db, table).catch(notFound)) {
          appendFileSync(record, `${relative(process.cwd(), expect.getState().testPath!)}\n`);
          return;
        }
    } finally {
      db.destroy();
    }
  });
