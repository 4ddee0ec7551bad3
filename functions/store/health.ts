/**
 * Health. The public route (`GET /api/health`) only reads: one item of the table, no write, no
 * object, so anyone may call it as often as the stage allows at the cost of one read. Each staff
 * function's own route (administrators) is the deep check after a deploy: it writes and reads back a
 * table item and a bucket object with the grants the stack gave it, each under a key of its own, so
 * concurrent checks never read each other's tokens; both expire (the table's TTL, the bucket's
 * lifecycle rule on `health/`).
 */
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';
import { HttpError } from '#lib/errors.ts';
import { errorFields, log } from '#lib/log.ts';
import { s3 } from '#lib/s3.ts';
import * as keys from './keys.ts';

/** Writes `token` under a key of this check's own and reads it back consistently. */
async function probeTable(fn: string, token: string): Promise<boolean> {
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  const key = keys.healthProbe(fn, token);
  await db.send(new PutCommand({ TableName: tableName, Item: { ...key, token, expiresAt } }));
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return Item?.token === token;
}

/** Writes `token` under `health/<fn>/` of the bucket, at a key of this check's own, and reads it back. */
async function probeBucket(bucket: string, fn: string, token: string): Promise<boolean> {
  const Key = `health/${fn}/${token}.txt`;
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: token, ContentType: 'text/plain' }));
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
  return (await object.Body?.transformToString()) === token;
}

/** Reads the site's configuration item (which need not exist yet): the table answers. Writes nothing. */
async function readTable(): Promise<boolean> {
  await db.send(new GetCommand({ TableName: tableName, Key: keys.siteConfig() }));
  return true;
}

async function timed(what: string, probe: () => Promise<boolean>) {
  const start = performance.now();
  const ok = await probe().catch((error: unknown) => {
    log.warn('health probe failed', { probe: what, ...errorFields(error) });
    return false;
  });
  return { ok, ms: Math.round(performance.now() - start) };
}

/** The public check: 200 when the table answers a read; otherwise 503. Writes nothing. */
export async function checkReachable(fn: string) {
  const dynamodb = await timed('dynamodb', readTable);
  if (!dynamodb.ok) throw new HttpError(503, '服务暂时不可用：数据库无法读取。');
  return { status: 'ok' as const, function: fn, time: new Date().toISOString(), checks: { dynamodb } };
}

/**
 * The deep check: 200 only when this function really wrote and read back both its table item and its
 * bucket object; otherwise 503 naming what failed.
 */
export async function checkHealth(fn: string, bucket: string) {
  const token = randomUUID();
  const [dynamodb, storage] = await Promise.all([
    timed('dynamodb', () => probeTable(fn, token)),
    timed('s3', () => probeBucket(bucket, fn, token)),
  ]);
  const failed = [!dynamodb.ok && '数据库', !storage.ok && '存储桶'].filter(Boolean);
  if (failed.length) throw new HttpError(503, `服务暂时不可用：${failed.join('、')}无法读写。`);
  return { status: 'ok' as const, function: fn, time: new Date().toISOString(), checks: { dynamodb, s3: storage } };
}
