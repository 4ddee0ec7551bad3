import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signFormToken } from '#core/form-token.ts';
import { formToken, personApplication, submit } from '../support/applications.ts';
import { startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

/** Everything an application writes: the application, its events, counters, sequences, idempotency records. */
async function storedApplicationItems() {
  const { db, tableName } = await import('#lib/dynamo.ts');
  const { Items = [] } = await db.send(new ScanCommand({ TableName: tableName }));
  return Items.filter((item) => /^(APP#|IDEMP#)/.test(item.pk) || /^(SEQ|STATS)#/.test(item.sk)).length;
}

const valid = personApplication();
const person = valid.applicant;
const hostile: [string, unknown, string][] = [
  ['a wrong identity checksum', { ...valid, applicant: { ...person, idNumber: '110105194912310021' } }, '证件号码'],
  ['an impossible birth date', { ...valid, applicant: { ...person, idNumber: '110105194902300022' } }, '证件号码'],
  [
    'a bad credit code',
    {
      ...valid,
      applicant: {
        kind: 'organisation',
        name: '某公司',
        orgType: 'business',
        creditCode: '91350100M000100Y44',
        legalRepresentative: '王',
        contactName: '李',
        phone: '0439-1234567',
      },
    },
    '统一社会信用代码',
  ],
  [
    'an unknown organisation type',
    {
      ...valid,
      applicant: {
        kind: 'organisation',
        name: '某公司',
        orgType: 'government',
        creditCode: '91350100M000100Y43',
        legalRepresentative: '王',
        contactName: '李',
        phone: '0439-1234567',
      },
    },
    '组织类型',
  ],
  ['an unknown applicant kind', { ...valid, applicant: { ...person, kind: 'robot' } }, '申请人类型'],
  ['a missing name', { ...valid, applicant: { ...person, name: undefined } }, '姓名'],
  ['a blank title', { ...valid, request: { title: '   ' } }, '所需信息的名称'],
  ['an over-long title', { ...valid, request: { title: '政'.repeat(201) } }, '所需信息的名称'],
  ['script in a name', { ...valid, applicant: { ...person, name: '<script>alert(1)</script>' } }, '姓名'],
  ['a full-width name with a combining mark', { ...valid, applicant: { ...person, name: 'Ｚｈａｎｇ\u0301' } }, '姓名'],
  ['stacked combining marks in a name', { ...valid, applicant: { ...person, name: '李\u0336\u0337明' } }, '姓名'],
  ['full-width angle brackets in a name', { ...valid, applicant: { ...person, name: '＜李明＞' } }, '姓名'],
  [
    "a combining mark in the legal representative's name",
    {
      ...valid,
      applicant: {
        kind: 'organisation',
        name: '某公司',
        orgType: 'business',
        creditCode: '91350100M000100Y43',
        legalRepresentative: '王\u0301',
        contactName: '李',
        phone: '0439-1234567',
        email: 'office@example.com',
      },
    },
    '法定代表人',
  ],
  [
    'markup in the description',
    { ...valid, request: { ...valid.request, description: '<img src=x onerror=alert(1)>' } },
    '所需信息的特征性描述',
  ],
  ['a control character', { ...valid, applicant: { ...person, employer: 'a\u0007b' } }, '工作单位'],
  ['a number where text belongs', { ...valid, applicant: { ...person, name: 12345 } }, '姓名'],
  ['a bad phone', { ...valid, applicant: { ...person, phone: 'call me' } }, '联系电话'],
  ['a bad e-mail', { ...valid, applicant: { ...person, email: 'not-an-email' } }, '电子邮箱'],
  [
    'post without an address',
    { ...valid, applicant: { ...person, address: undefined }, delivery: { medium: 'paper', method: 'post' } },
    '地址',
  ],
  ['an unknown delivery method', { ...valid, delivery: { medium: 'email', method: 'pigeon' } }, '获取信息的方式'],
  ['an unknown agency', { ...valid, agencyId: 'no-such-agency' }, '受理机关'],
  ['a malformed agency id', { ...valid, agencyId: '../../etc' }, '受理机关'],
  ['an upload that does not exist', { ...valid, uploads: ['00000000-0000-4000-8000-000000000000'] }, '附件'],
  ['a malformed upload id', { ...valid, uploads: ['../secret'] }, '附件'],
  [
    'too many uploads',
    { ...valid, uploads: Array.from({ length: 6 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`) },
    '附件',
  ],
  ['a filled honeypot', { ...valid, website: 'http://spam.example' }, '校验'],
  ['a form sent within a second of opening', { ...valid, formToken: formToken(-600_000) }, '填写时间过短'],
  ['no start token', { ...valid, formToken: undefined }, '表单校验码'],
  [
    'a start token signed with another key',
    { ...valid, formToken: signFormToken('guess', Date.now() - 60_000) },
    '表单校验码无效',
  ],
  [
    'a start token whose time the client moved back',
    { ...valid, formToken: formToken(-600_000).replace(/^[^.]+/, (Date.now() - 60_000).toString(36)) },
    '表单校验码无效',
  ],
  ['a start token older than a day', { ...valid, formToken: formToken(25 * 3600_000) }, '24 小时'],
  ['a body that is not an object', [1, 2, 3], '请求'],
];

describe('bad input to POST /api/applications', () => {
  it.each(hostile)('refuses %s with a Chinese message naming the field, storing nothing', async (_, body, field) => {
    const before = await storedApplicationItems();

    const { status, body: answer } = await submit(platform.url, body);

    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(answer.message).toContain(field);
    expect(await storedApplicationItems()).toBe(before);
  });

  it('refuses malformed JSON', async () => {
    const { status, body } = await submit(platform.url, '{"agencyId": "lushuihe",');

    expect(status).toBe(422);
    expect(body.message).toContain('无法解析');
  });

  it('refuses an oversized body before reading it', async () => {
    const { status, body } = await submit(platform.url, { ...valid, padding: 'x'.repeat(300 * 1024) });

    expect(status).toBe(413);
    expect(body.message).toContain('过大');
  });

  it('refuses a malformed Idempotency-Key header', async () => {
    const { status, body } = await submit(platform.url, valid, { 'idempotency-key': 'bad key!' });

    expect(status).toBe(400);
    expect(body.message).toContain('Idempotency-Key');
  });

  it('refuses an unreadable content type', async () => {
    const { status, body } = await submit(platform.url, 'agencyId=lushuihe', { 'content-type': 'text/plain' });

    expect(status).toBe(415);
    expect(body.message).toContain('不支持的内容类型');
  });

  it('lists every faulty field at once', async () => {
    const { body } = await submit(platform.url, {
      ...valid,
      applicant: { ...person, name: '', phone: 'x' },
      request: { title: '' },
    });

    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.applicant.name',
      'body.applicant.phone',
      'body.request.title',
    ]);
  });
});

describe('the start token for API clients', () => {
  it('is signed by the server, refused at once and accepted from three seconds on', async () => {
    const issued = (await (await fetch(`${platform.url}/api/form-token`)).json()) as Record<string, string>;
    expect(Date.parse(issued.usableFrom!) - Date.now()).toBeGreaterThan(1_000);
    expect(Date.parse(issued.expiresAt!) - Date.now()).toBeGreaterThan(23 * 3600_000);

    const early = await submit(platform.url, personApplication({ formToken: issued.formToken }));
    expect(early.status).toBe(400);
    expect(early.body.errors[0].field).toBe('body.formToken');

    await new Promise((resolve) => setTimeout(resolve, Date.parse(issued.usableFrom!) - Date.now() + 100));
    const { status } = await submit(platform.url, personApplication({ formToken: issued.formToken }));
    expect(status).toBe(201);
  });
});

describe('names as the records keep them', () => {
  it('keeps a full-width Latin name as its ordinary letters, and a name with a middle dot as typed', async () => {
    const { db, tableName } = await import('#lib/dynamo.ts');
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const stored = async (name: string) => {
      const { status, body } = await submit(platform.url, personApplication({ applicant: { ...person, name } }));
      expect(status).toBe(201);
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: { pk: `APP#${body.receiptNumber}`, sk: 'APP' } }),
      );
      return Item!.applicant.name;
    };

    expect(await stored('Ｚｈａｎｇ Ｓａｎ')).toBe('Zhang San');
    expect(await stored('买买提·艾力')).toBe('买买提·艾力');
    expect(await stored('Mu\u0308ller')).toBe('Müller');
  });
});
