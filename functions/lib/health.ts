import { randomUUID } from 'node:crypto';
import { probeBucket } from '#store/bucket-health.ts';
import { probeTable } from '#store/health.ts';
import { HttpError } from './errors.ts';
import { errorFields, log } from './log.ts';

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
  const [dynamodb, s3] = await Promise.all([timed('dynamodb', () => probeTable(fn, token)), timed('s3', () => probeBucket(bucket, fn, token))]);
  const failed = [!dynamodb.ok && '数据库', !s3.ok && '存储桶'].filter(Boolean);
  if (failed.length) throw new HttpError(503, `服务暂时不可用：${failed.join('、')}无法读写。`);
  return { status: 'ok' as const, function: fn, time: new Date().toISOString(), checks: { dynamodb, s3 } };
}
