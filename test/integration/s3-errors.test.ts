/**
 * isMissingObject against s3rver's real answers: GetObject and HeadObject of a key that is not there
 * are missing objects, other failures are not. The same check again from a bundle built as the
 * functions are (minified, the SDK inside it), so it holds in the form that ships.
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { build } from 'esbuild';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { esbuildSettings } from '../../cdk/bundling.ts';
import { isMissingObject } from '#lib/s3-errors.ts';

const endpoint = inject('services').s3;
const clientOptions = {
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  maxAttempts: 1,
} as const;
const s3 = new S3Client(clientOptions);
const bucket = `test-${randomBytes(4).toString('hex')}-errors`;
const failureOf = (request: Promise<unknown>) =>
  request.then(
    () => undefined,
    (error: unknown) => error,
  );

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'there.txt', Body: 'here' }));
});

describe('isMissingObject', () => {
  it('is true for GetObject of a key that is not there', async () => {
    const error = await failureOf(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'absent.txt' })));
    expect(isMissingObject(error)).toBe(true);
  });

  it('is true for HeadObject of a key that is not there', async () => {
    const error = await failureOf(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'absent.txt' })));
    expect(isMissingObject(error)).toBe(true);
  });

  it('is false for a GetObject that failed for another reason (no such bucket)', async () => {
    const error = await failureOf(s3.send(new GetObjectCommand({ Bucket: `${bucket}-none`, Key: 'there.txt' })));
    expect(error).toBeInstanceOf(Error);
    expect(isMissingObject(error)).toBe(false);
  });

  it('is false for an error that only carries the name of a missing object', () => {
    expect(isMissingObject(Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' }))).toBe(false);
    expect(
      isMissingObject(Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } })),
    ).toBe(false);
  });
});

describe('isMissingObject in a minified function bundle', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'gongkai-s3-errors-'));
  type Probe = (options: typeof clientOptions, bucket: string) => Promise<Record<string, boolean>>;
  let probe: Probe;
  beforeAll(async () => {
    const { outputFiles } = await build({
      ...esbuildSettings,
      banner: { ...esbuildSettings.banner },
      mainFields: [...esbuildSettings.mainFields],
      sourcemap: false,
      write: false,
      outfile: join(scratch, 'probe.mjs'),
      stdin: {
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        sourcefile: 'probe.ts',
        loader: 'ts',
        contents: `
          import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
          import { isMissingObject } from '../../functions/lib/s3-errors.ts';
          export async function probe(options, bucket) {
            const s3 = new S3Client(options);
            const missing = (request) => request.then(() => 'found', isMissingObject);
            return {
              get: await missing(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'absent.txt' }))),
              head: await missing(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'absent.txt' }))),
              noBucket: await missing(s3.send(new GetObjectCommand({ Bucket: bucket + '-none', Key: 'there.txt' }))),
            };
          }`,
      },
    });
    const file = join(scratch, 'probe.mjs');
    writeFileSync(file, outputFiles![0]!.text);
    ({ probe } = (await import(pathToFileURL(file).href)) as { probe: Probe });
  }, 60_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('tells a missing object from another failure as the unbundled check does', async () => {
    expect(await probe(clientOptions, bucket)).toEqual({ get: true, head: true, noBucket: false });
  });
});
