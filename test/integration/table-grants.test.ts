/** The local platform holds each function's table calls to its grant, as IAM does in AWS. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs } from '../../cdk/local/table-access.ts';
import { startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

describe('the local table grants', () => {
  it("refuses the citizens' function a staff account and a credential, and lets it read an agency", async () => {
    const { db, tableName } = await import('#lib/dynamo.ts');
    const get = (pk: string, sk: string) => () => db.send(new GetCommand({ TableName: tableName, Key: { pk, sk } }));

    await expect(actingAs('public', get('STAFF#fs-admin', 'PROFILE'))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    await expect(actingAs('public', get('CREDENTIAL#fs-admin', 'CREDENTIAL'))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    await expect(actingAs('applications', get('CREDENTIAL#fs-admin', 'CREDENTIAL'))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    expect((await actingAs('public', get('AGENCY#lushuihe', 'PROFILE'))).Item?.name).toBe('露水河镇人民政府');
    expect((await actingAs('signin', get('CREDENTIAL#fs-admin', 'CREDENTIAL'))).Item).toBeDefined();
  });

  it("holds the citizens' function to an agency's sequence, counters and outbox within its partition", async () => {
    const { db, tableName } = await import('#lib/dynamo.ts');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const rename = (sk: string) => () =>
      db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: 'AGENCY#lushuihe', sk },
          UpdateExpression: 'SET probe = :p',
          ExpressionAttributeValues: { ':p': 1 },
        }),
      );

    // Another agency's profile, report or pages: the partition IAM allows, the items it may not touch.
    for (const sk of ['PROFILE', 'REPORT#2025', 'PAGE#guide'])
      await expect(actingAs('public', rename(sk)), sk).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(actingAs('public', rename('STATS#2026'))).resolves.toBeDefined();
    await expect(actingAs('applications', rename('PROFILE'))).resolves.toBeDefined();
  });
});

describe('a data folder from before the partitions of their own', () => {
  it('moves credentials, sign-in records and the provider keys on the next start', async () => {
    const { db, tableName } = await import('#lib/dynamo.ts');
    const { PutCommand, UpdateCommand, GetCommand: Get } = await import('@aws-sdk/lib-dynamodb');
    const { ensureTable } = await import('../../cdk/local/resources.ts');
    const keys = await import('#store/keys.ts');
    const old = [
      { pk: 'STAFF#old-handler', sk: 'CREDENTIAL', passwordHash: 'scrypt$x', failures: 0 },
      { pk: 'STAFF#old-handler', sk: 'SIGNIN#2026-11-02T01:00:00.000Z', at: '2026-11-02T01:00:00.000Z' },
      { pk: 'CONFIG', sk: 'OIDCKEYS', jwks: { keys: [] }, cookieKeys: ['k'] },
    ];
    for (const Item of old) await db.send(new PutCommand({ TableName: tableName, Item }));
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.migrations(),
        UpdateExpression: 'DELETE done :m',
        ExpressionAttributeValues: { ':m': new Set(['ownPartitions']) },
      }),
    );

    await ensureTable(tableName);

    const read = async (key: { pk: string; sk: string }) =>
      (await db.send(new Get({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
    expect(await read(keys.credential('old-handler'))).toMatchObject({ passwordHash: 'scrypt$x' });
    expect(await read(keys.signIn('old-handler', '2026-11-02T01:00:00.000Z'))).toBeDefined();
    expect(await read(keys.oidcKeys())).toMatchObject({ cookieKeys: ['k'] });
    for (const { pk, sk } of old) expect(await read({ pk, sk })).toBeUndefined();
  });
});
