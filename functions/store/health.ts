/**
 * The health routes' proof: this function really writes and reads back its table item and its
 * bucket object, with the grants the stack gave it.
 */
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';
import { HttpError } from '#lib/errors.ts';
import { errorFields, log } from '#lib/log.ts';
import { s3 } from '#lib/s3.ts';
import { keys } from './design.ts';

/** Writes a fresh token for `fn` and reads it back consistently: proves the table is reachable and writable. */
export async function probeTable(fn: string, token: string): Promise<boolean> {
  const expiresAt = Math.floor(Date.now() / 1000) + 24 * 3600;
  await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.health(fn), token, expiresAt } }));
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.health(fn), ConsistentRead: true }));
  return Item?.token === token;
}

/** Writes a fresh token under `health/` of the bucket and reads it back. */
export async function probeBucket(bucket: string, fn: string, token: string): Promise<boolean> {
  const Key = `health/${fn}.txt`;
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: token, ContentType: 'text/plain' }));
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
  return (await object.Body?.transformToString()) === token;
}

async function timed(what: string, probe: () => Promise<boolean>) {
  const start = performance.now();
  const ok = await probe().catch((error: unknown) => {
    log.warn('health probe failed', { probe: what, ...errorFields(error) });
    return false;
  });
  return { ok, ms: Math.round(performance.now() - start) };
}

/**
 * 200 only when this function really wrote and read back both its table item and its bucket object;
 * otherwise 503 naming what failed.
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
