/**
 * `npm run first-admin` on an empty deployment: the command, run as a county's engineer runs it
 * (a child process reading the stack's outputs file), creates the root agency and the first
 * administrator with the platform's own provider; run again, it changes nothing.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform.ts';

const run = promisify(execFile);
let platform: Awaited<ReturnType<typeof startTestPlatform>>;
const table = `first-admin-${randomBytes(4).toString('hex')}`;
const outputs = join(mkdtempSync(join(tmpdir(), 'gongkai-outputs-')), 'cdk-outputs.json');

beforeAll(async () => {
  platform = await startTestPlatform();
  const { ensureTable } = await import('../../cdk/local/resources.ts');
  await ensureTable(table); // an empty table, as `npm run deploy` leaves it
  writeFileSync(
    outputs,
    JSON.stringify({
      Gongkai: { TableName: table, StaffProvider: 'platform', Region: 'cn-north-1', SiteUrl: 'https://gk.example' },
    }),
  );
});
afterAll(() => platform?.stop());

const args = [
  '--county-id',
  'jingyu',
  '--county-name',
  '靖宇县人民政府',
  '--code',
  'JY',
  '--username',
  'jy-admin',
  '--name',
  '赵敏',
  '--email',
  'zhaomin@jingyu.example.gov.cn',
  '--outputs',
  outputs,
];
const firstAdmin = (extra: string[] = args) =>
  run(process.execPath, ['cdk/deploy/first-admin.ts', ...extra], {
    env: { ...process.env, TABLE_NAME: 'not-this-one' },
  }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
  );

async function items() {
  const { db } = await import('#lib/dynamo.ts');
  const { Items = [] } = await db.send(new ScanCommand({ TableName: table }));
  return Items;
}

describe('the first administrator', () => {
  it('creates the root agency and its administrator from the outputs file, with a one-time password', async () => {
    const first = await firstAdmin();
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('已新建机关：靖宇县人民政府');
    expect(first.out).toContain('已新建管理员账号：赵敏（jy-admin）');
    expect(first.out).toMatch(/临时密码：[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}/);
    expect(first.out).toContain('https://gk.example/staff/');

    const stored = await items();
    expect(stored.find((i) => i.pk === 'AGENCY#jingyu' && i.sk === 'PROFILE')).toMatchObject({
      kind: 'county',
      code: 'JY',
      parentId: null,
    });
    expect(stored.find((i) => i.pk === 'STAFF#jy-admin' && i.sk === 'PROFILE')).toMatchObject({
      agencyId: 'jingyu',
      roles: ['admin'],
      version: 1,
    });
    expect(stored.find((i) => i.pk === 'CREDENTIAL#jy-admin' && i.sk === 'CREDENTIAL')?.mustChange).toBe(true);
    expect(stored.filter((i) => i.pk === 'ADMINLOG').map((i) => [i.by, i.action])).toEqual(
      expect.arrayContaining([
        ['system', '新建机关'],
        ['system', '新建账号'],
      ]),
    );
  });

  it('changes nothing when run again', async () => {
    const before = await items();
    const again = await firstAdmin();
    expect(again.code).toBe(0);
    expect(again.out).toContain('机关已存在：靖宇县人民政府');
    expect(again.out).toContain('管理员账号已存在：jy-admin');
    expect(again.out).not.toContain('临时密码');
    expect((await items()).length).toBe(before.length);
  });

  it('refuses a second county and says what is missing', async () => {
    const second = await firstAdmin(args.map((a) => (a === 'jingyu' ? 'fusong' : a === 'JY' ? 'FS' : a)));
    expect(second.code).not.toBe(0);
    expect(second.err).toContain('本平台的最上级机关是靖宇县人民政府');
    const missing = await firstAdmin(['--outputs', outputs]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--county-id');
    const noOutputs = await firstAdmin([...args.slice(0, -2), '--outputs', '/nonexistent.json']);
    expect(noOutputs.code).toBe(2);
    expect(noOutputs.err).toContain('npm run deploy');
  });
});
