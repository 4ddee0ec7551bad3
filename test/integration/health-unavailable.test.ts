import { DeleteBucketCommand, DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signIn, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

it("answers a staff function's deep check 503 naming the bucket when the private bucket cannot be written", async () => {
  const token = await signIn(platform.url, 'fs-admin');
  const { s3 } = await import('#lib/s3.ts');
  const Bucket = platform.names.privateBucket;
  const listed = await s3.send(new ListObjectsV2Command({ Bucket }));
  for (const { Key } of listed.Contents ?? []) await s3.send(new DeleteObjectCommand({ Bucket, Key }));
  await s3.send(new DeleteBucketCommand({ Bucket }));

  const response = await fetch(`${platform.url}/api/staff/applications/health`, {
    headers: { authorization: `Bearer ${token}` },
  });

  expect(response.status).toBe(503);
  expect((await response.json()).message).toContain('存储桶');
});
