import { GetObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, signIn } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

describe('GET /api/health through the local gateway', () => {
  it('answers ok after writing and reading back a table item and a bucket object', async () => {
    const response = await fetch(`${platform.url}/api/health`);
    const body = await response.json();

    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      function: 'public',
      checks: { dynamodb: { ok: true }, s3: { ok: true } },
    });
    const { db, tableName } = await import('#lib/dynamo.ts');
    const { s3 } = await import('#lib/s3.ts');
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: { pk: 'HEALTH', sk: 'public' } }));
    const object = await s3.send(
      new GetObjectCommand({ Bucket: platform.names.privateBucket, Key: 'health/public.txt' }),
    );
    expect(await object.Body!.transformToString()).toBe(Item!.token);
  });

  it('checks each staff function against its own bucket for an admin', async () => {
    const token = await signIn(platform.url, 'fs-admin');

    const results = await Promise.all(
      ['applications', 'publications', 'reports'].map(async (fn) => {
        const response = await fetch(`${platform.url}/api/staff/${fn}/health`, {
          headers: { authorization: `Bearer ${token}` },
        });
        return [response.status, (await response.json()).function];
      }),
    );

    expect(results).toEqual([
      [200, 'applications'],
      [200, 'publications'],
      [200, 'reports'],
    ]);
  });

  it('sends security headers with API responses', async () => {
    const response = await fetch(`${platform.url}/api/health`);

    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
