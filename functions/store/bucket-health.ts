import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '#lib/s3.ts';

/** Writes a fresh token under `health/` of the bucket and reads it back. */
export async function probeBucket(bucket: string, fn: string, token: string): Promise<boolean> {
  const Key = `health/${fn}.txt`;
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: token, ContentType: 'text/plain' }));
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
  return (await object.Body?.transformToString()) === token;
}
