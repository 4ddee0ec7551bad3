/**
 * isRangeNotSatisfiable against S3's answer to a range an object does not have (416, code
 * InvalidRange), read by the real SDK client over a loopback socket. s3rver cannot stand in here: it
 * serves an empty object's `bytes=0-7` without complaint. The missing-object cases are checked
 * against s3rver itself (test/integration/s3-errors.test.ts).
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMissingObject, isRangeNotSatisfiable } from '#lib/s3-errors.ts';

let server: Server;
let s3: S3Client;
/** What S3 answers: a ranged read of an empty object (416), a missing key (404). */
const answers: Record<string, { status: number; code: string }> = {
  '/bucket/empty.txt': { status: 416, code: 'InvalidRange' },
  '/bucket/absent.txt': { status: 404, code: 'NoSuchKey' },
};
beforeAll(async () => {
  server = createServer((request, response) => {
    const answer = answers[request.url!.split('?')[0]!]!;
    response.writeHead(answer.status, { 'content-type': 'application/xml', 'x-amz-request-id': 'r1' });
    response.end(
      `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${answer.code}</Code><Message>stand-in</Message><RequestId>r1</RequestId></Error>`,
    );
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  s3 = new S3Client({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
});
afterAll(() => new Promise((closed) => server.close(closed)));

const failureOf = (key: string) =>
  s3.send(new GetObjectCommand({ Bucket: 'bucket', Key: key, Range: 'bytes=0-7' })).then(
    () => undefined,
    (error: unknown) => error,
  );

describe('isRangeNotSatisfiable', () => {
  it('is true for a ranged read of an empty object, which has no byte 0', async () => {
    const error = await failureOf('empty.txt');
    expect(isRangeNotSatisfiable(error)).toBe(true);
    expect(isMissingObject(error)).toBe(false);
  });

  it('is false for a missing object, and for an error that only carries the name InvalidRange', async () => {
    const missing = await failureOf('absent.txt');
    expect(isMissingObject(missing)).toBe(true);
    expect(isRangeNotSatisfiable(missing)).toBe(false);
    expect(isRangeNotSatisfiable(Object.assign(new Error('InvalidRange'), { name: 'InvalidRange' }))).toBe(false);
  });
});
