import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisationApplicant, personApplication, submit } from '../support/applications.ts';
import { signIn, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

const status = (number: string, code?: string) =>
  fetch(`${platform.url}/api/applications/${number}`, { headers: code ? { 'x-query-code': code } : {} });

async function applicationsOf(agencyId: string) {
  const { db, tableName } = await import('#lib/dynamo.ts');
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `AGENCY#${agencyId}#APPS` },
    }),
  );
  return Items;
}

describe('POST /api/applications (JSON)', () => {
  it('answers 201 with a readable receipt number, a query code, the receipt date and the reply deadline', async () => {
    const { status: code, body } = await submit(platform.url, personApplication());

    expect(code).toBe(201);
    expect(body.receiptNumber).toMatch(/^LSH-\d{4}-\d{5}$/);
    expect(body.queryCode).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    expect(body.receiptDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.deadline.steps.at(-1).text).toContain(`答复期限`);
  });

  it('takes an organisation with its report column', async () => {
    const { status: code, body } = await submit(
      platform.url,
      personApplication({ agencyId: 'fusong', applicant: organisationApplicant }),
    );

    expect(code).toBe(201);
    expect(body.receiptNumber).toMatch(/^FS-/);
  });

  it('stores the query code only as a hash', async () => {
    const { body } = await submit(platform.url, personApplication());
    const { db, tableName } = await import('#lib/dynamo.ts');

    const { Items = [] } = await db.send(new ScanCommand({ TableName: tableName }));

    expect(JSON.stringify(Items)).not.toContain(body.queryCode.replace('-', ''));
  });

  it('counts each application in the report counters of its receipt year and applicant column', async () => {
    const { getStats } = await import('#store/stats.ts');
    const year = new Date().getFullYear();
    const start = await getStats('fusong-czj', year);

    await submit(platform.url, personApplication({ agencyId: 'fusong-czj' }));
    await submit(
      platform.url,
      personApplication({ agencyId: 'fusong-czj', applicant: { ...organisationApplicant, orgType: 'research' } }),
    );

    const after = await getStats('fusong-czj', year);
    expect((after.received_natural ?? 0) - (start.received_natural ?? 0)).toBe(1);
    expect((after.received_research ?? 0) - (start.received_research ?? 0)).toBe(1);
  });
});

describe('idempotent submission', () => {
  it('creates one application for twenty concurrent submits with one key', async () => {
    const body = personApplication({ agencyId: 'fusong-zrzyj' });
    const before = (await applicationsOf('fusong-zrzyj')).length;

    const results = await Promise.all(
      Array.from({ length: 20 }, () => submit(platform.url, body, { 'idempotency-key': 'concurrent-key-0001' })),
    );

    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.body.receiptNumber)).size).toBe(1);
    expect(new Set(results.map((r) => r.body.queryCode)).size).toBe(1);
    expect((await applicationsOf('fusong-zrzyj')).length).toBe(before + 1);
  });

  it('returns the first result, code included, for a retry within 24 hours', async () => {
    const body = personApplication();
    const first = await submit(platform.url, body, { 'idempotency-key': 'retry-key-0001' });

    const retry = await submit(platform.url, body, { 'idempotency-key': 'retry-key-0001' });

    expect(retry).toEqual(first);
    expect((await status(first.body.receiptNumber, retry.body.queryCode)).status).toBe(200);
  });

  it('treats a double-clicked submit without a key as one application', async () => {
    const body = personApplication({ request: { title: '双击测试' } });
    const before = (await applicationsOf('lushuihe')).length;

    const answers = await Promise.all([submit(platform.url, body), submit(platform.url, body)]);

    const created = answers.find((a) => a.status === 201)!;
    const repeat = answers.find((a) => a !== created)!;
    expect(repeat.status).toBe(409);
    expect(repeat.body.code).toBe('already-exists');
    expect(repeat.body.message).toContain(`受理编号 ${created.body.receiptNumber}`);
    expect(JSON.stringify(repeat.body)).not.toContain(created.body.queryCode);
    expect((await applicationsOf('lushuihe')).length).toBe(before + 1);
  });

  it('never gives the query code to someone who resubmits the same content without the key', async () => {
    const body = personApplication({ request: { title: '查询码找回测试' } });
    const first = await submit(platform.url, body);
    expect(first.status).toBe(201);

    // Whoever knows the details (a relative, a member of staff) sends them again.
    const again = await submit(platform.url, body);

    expect(again.status).toBe(409);
    expect(again.body.queryCode).toBeUndefined();
    expect(JSON.stringify(again.body)).not.toContain(first.body.queryCode);
    expect((await status(first.body.receiptNumber, first.body.queryCode)).status).toBe(200);
  });

  it('refuses a key reused for different content', async () => {
    await submit(platform.url, personApplication(), { 'idempotency-key': 'reused-key-0001' });

    const other = await submit(platform.url, personApplication({ request: { title: '另一份申请' } }), {
      'idempotency-key': 'reused-key-0001',
    });

    expect(other.status).toBe(422);
    expect(other.body.message).toContain('Idempotency-Key');
  });
});

describe('GET /api/applications/{receiptNumber}', () => {
  it('shows status, the deadline with its derivation and the timeline to the holder of the code', async () => {
    const { body: receipt } = await submit(platform.url, personApplication());

    const response = await status(receipt.receiptNumber, receipt.queryCode.toLowerCase());
    const view = await response.json();

    expect(response.status).toBe(200);
    expect(view).toMatchObject({
      receiptNumber: receipt.receiptNumber,
      status: 'registered',
      agencyName: '露水河镇人民政府',
      applicantName: '李明',
    });
    expect(view.deadline.due).toBe(receipt.replyDue);
    expect(view.deadline.steps[0].text).toMatch(/^收到申请之日/);
    expect(view.timeline[0].text).toContain('通过网络提交申请');
    expect(JSON.stringify(view)).not.toContain('11010519491231002X');
    expect(JSON.stringify(view)).not.toContain('13800000000');
  });

  it('answers a wrong code, a missing code and an unknown number identically', async () => {
    const { body: receipt } = await submit(platform.url, personApplication());

    const answers = await Promise.all([
      status(receipt.receiptNumber, 'AAAAA-BBBBB'),
      status(receipt.receiptNumber),
      status('LSH-2026-99999', receipt.queryCode),
    ]);

    expect(answers.map((a) => a.status)).toEqual([404, 404, 404]);
    const bodies = await Promise.all(answers.map((a) => a.text()));
    expect(new Set(bodies).size).toBe(1);
    // A number that cannot be one (its format is printed on every receipt) is a typing error, said as such.
    const malformed = await status('not-a-number', receipt.queryCode);
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).errors).toEqual([
      { field: 'params.receiptNumber', message: expect.stringContaining('受理编号格式不正确') },
    ]);
  });

  it('holds back a client that keeps guessing one number, but never the applicant with the right code', async () => {
    const { body: receipt } = await submit(platform.url, personApplication());
    const from = (client: string, code?: string) =>
      fetch(`${platform.url}/api/applications/${receipt.receiptNumber}`, {
        headers: { 'cloudfront-viewer-address': `${client}:443`, ...(code && { 'x-query-code': code }) },
      });

    const codes = [];
    for (let i = 0; i < 11; i++) codes.push((await from('203.0.113.7', 'WRONG-CODE1')).status);

    expect(codes.slice(0, 10)).toEqual(Array(10).fill(404));
    expect(codes[10]).toBe(429);
    expect((await from('203.0.113.7', receipt.queryCode)).status).toBe(429); // the guesser waits…
    expect((await from('198.51.100.20', receipt.queryCode)).status).toBe(200); // …the applicant does not
  });

  it('limits attempts per client across receipt numbers', async () => {
    const codes = [];
    for (let i = 0; i < 70; i++)
      codes.push((await status(`FSCZ-2025-${String(i).padStart(5, '0')}`, 'WRONG-CODE1')).status);

    expect(codes).toContain(429);
    expect(codes.indexOf(429)).toBeLessThanOrEqual(60);
    expect(new Set(codes.slice(codes.indexOf(429)))).toEqual(new Set([429]));
  });
});

describe('the API behind CloudFront', () => {
  it('refuses, once the stack gives the functions their secret, a request that did not come through CloudFront', async () => {
    process.env.ORIGIN_VERIFY = 'the-stack-secret-0123456789';
    try {
      const direct = await fetch(`${platform.url}/api/agencies`, {
        headers: { 'cloudfront-viewer-address': '203.0.113.9:443' },
      });
      expect(direct.status).toBe(403);
      expect((await direct.json()).message).toBe('请通过政府信息公开网站访问。');
      const forwarded = await fetch(`${platform.url}/api/agencies`, {
        headers: { 'x-origin-verify': 'the-stack-secret-0123456789' },
      });
      expect(forwarded.status).toBe(200);
      expect((await fetch(`${platform.url}/oidc/.well-known/openid-configuration`)).status).toBe(403);
    } finally {
      delete process.env.ORIGIN_VERIFY;
    }
  });
});

describe('the daily quota of applications', () => {
  const from = (client: string, idType: string, idNumber: string, label: string) =>
    submit(
      platform.url,
      personApplication({
        applicant: { ...personApplication().applicant, idType, idNumber },
        request: { title: `配额测试 ${client} ${idNumber} ${label}` },
      }),
      { 'cloudfront-viewer-address': `${client}:443` },
    );

  it('refuses an eleventh application in a day from one address, in Chinese', async () => {
    process.env.APPLY_QUOTA_PER_DAY = '10';
    try {
      // One address, a different passport each time: the address's quota.
      const byClient = [];
      for (let i = 0; i < 11; i++)
        byClient.push(await from('198.51.100.77', 'passport', `E9000${i}${i}${i}`, String(i)));
      expect(byClient.slice(0, 10).map((r) => r.status)).toEqual(Array(10).fill(201));
      expect(byClient[10]!.status).toBe(429);
      expect(byClient[10]!.body.message).toContain('每天最多在线提交 10 件申请');
    } finally {
      process.env.APPLY_QUOTA_PER_DAY = '100000';
    }
  });

  it('does not count a retry of an application already made against the day’s quota', async () => {
    process.env.APPLY_QUOTA_PER_DAY = '3';
    const statuses: number[] = [];
    const numbers: string[] = [];
    try {
      const first = personApplication({
        applicant: { ...personApplication().applicant, idType: 'passport', idNumber: 'E31000001' },
        request: { title: '配额测试 重试 第一件' },
      });
      // The first application, then the same one sent again four times with its key (a flaky network).
      for (let i = 0; i < 5; i++) {
        const sent = await submit(platform.url, first, {
          'cloudfront-viewer-address': '198.51.100.31:443',
          'idempotency-key': 'quota-retry-key-1',
        });
        statuses.push(sent.status);
        numbers.push(sent.body.receiptNumber);
      }
      // Two more applications fill the address's quota of three; a fourth is refused.
      for (const label of ['第二件', '第三件', '第四件'])
        statuses.push(
          (
            await submit(
              platform.url,
              personApplication({
                applicant: { ...personApplication().applicant, idType: 'passport', idNumber: 'E31000001' },
                request: { title: `配额测试 重试 ${label}` },
              }),
              { 'cloudfront-viewer-address': '198.51.100.31:443' },
            )
          ).status,
        );
    } finally {
      process.env.APPLY_QUOTA_PER_DAY = '100000';
    }
    expect(new Set(numbers).size).toBe(1);
    expect(statuses.slice(0, 5).every((s) => s === 200 || s === 201)).toBe(true);
    expect(statuses.slice(5)).toEqual([201, 201, 429]);
  });

  it("accepts the applicant's own application after strangers used their identity number ten times, marked for 人工复核", async () => {
    process.env.APPLY_QUOTA_PER_DAY = '10';
    let strangers: number[];
    let own: Awaited<ReturnType<typeof submit>>;
    try {
      // Ten submissions with the victim's passport number, each from an address of its own.
      strangers = [];
      for (let i = 0; i < 10; i++)
        strangers.push((await from(`203.0.113.${100 + i}`, 'passport', 'E77777777', `冒用 ${i}`)).status);

      own = await from('192.0.2.50', 'passport', 'E77777777', '本人');
    } finally {
      process.env.APPLY_QUOTA_PER_DAY = '100000';
    }

    expect(strangers).toEqual(Array(10).fill(201));
    expect(own.status).toBe(201);
    const handler = await signIn(platform.url, 'lsh-handler');
    const staff = (path: string) =>
      fetch(`${platform.url}${path}`, { headers: { authorization: `Bearer ${handler}` } }).then((r) => r.json());
    const review = await staff('/api/staff/applications?review=identity&limit=100');
    const marked = review.items.map((i: { receiptNumber: string }) => i.receiptNumber);
    expect(marked).toContain(own.body.receiptNumber);
    expect(review.items.every((i: { review: string | null }) => i.review?.includes('人工复核'))).toBe(true);
    const detail = await staff(`/api/staff/applications/${own.body.receiptNumber}`);
    expect(detail.application.manualReview.reason).toContain('同一证件号码');
  });
});
