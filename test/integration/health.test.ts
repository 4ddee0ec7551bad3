import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, signIn } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

/** Every table call the functions make while `work` runs, as `function kind partition command` lines. */
async function tableCalls(work: () => Promise<unknown>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-grants-'));
  const record = join(dir, 'calls.tsv');
  process.env.GONGKAI_GRANTS_RECORD = record;
  try {
    await work();
    try {
      return readFileSync(record, 'utf8').trim().split('\n').filter(Boolean);
    } catch {
      return [];
    }
  } finally {
    delete process.env.GONGKAI_GRANTS_RECORD;
    rmSync(dir, { recursive: true, force: true });
  }
}

async function healthItems() {
  const { db, tableName } = await import('#lib/dynamo.ts');
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'HEALTH' },
    }),
  );
  return Items;
}

async function healthObjects() {
  const { s3 } = await import('#lib/s3.ts');
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: platform.names.privateBucket, Prefix: 'health/' }));
  return listed.Contents ?? [];
}

describe('GET /api/health (public, read-only)', () => {
  it('answers ok to ten concurrent calls and writes nothing to the table or the bucket', async () => {
    let statuses: number[] = [];
    let bodies: { status: string; function: string; checks: Record<string, { ok: boolean }> }[] = [];

    const calls = await tableCalls(async () => {
      const responses = await Promise.all(Array.from({ length: 10 }, () => fetch(`${platform.url}/api/health`)));
      statuses = responses.map((r) => r.status);
      bodies = await Promise.all(responses.map((r) => r.json()));
    });

    expect(statuses).toEqual(Array(10).fill(200));
    for (const body of bodies)
      expect(body).toMatchObject({ status: 'ok', function: 'public', checks: { dynamodb: { ok: true } } });
    const publicCalls = calls.filter((line) => line.startsWith('public\t'));
    expect(publicCalls.length).toBeGreaterThanOrEqual(10); // each call really read the table
    expect(publicCalls.filter((line) => line.split('\t')[1] === 'write')).toEqual([]);
    expect(await healthItems()).toEqual([]);
    expect(await healthObjects()).toEqual([]);
  });

  it('sends security headers with API responses', async () => {
    const response = await fetch(`${platform.url}/api/health`);

    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('the deep check of each staff function (administrators)', () => {
  it('writes and reads back a table item and a bucket object of its own, for each of ten concurrent checks', async () => {
    const token = await signIn(platform.url, 'fs-admin');

    const results = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const fn = ['applications', 'publications', 'reports', 'imports'][i % 4]!;
        const response = await fetch(`${platform.url}/api/staff/${fn}/health`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = await response.json();
        return [response.status, body.function, body.checks?.dynamodb?.ok, body.checks?.s3?.ok];
      }),
    );

    expect(results).toEqual(
      Array.from({ length: 10 }, (_, i) => [
        200,
        ['applications', 'publications', 'reports', 'imports'][i % 4],
        true,
        true,
      ]),
    );
    // Each check wrote under a key of its own (expiring), not one key every check overwrites.
    expect((await healthItems()).length).toBe(10);
    expect((await healthObjects()).length).toBe(10);
  });
});
