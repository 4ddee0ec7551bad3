import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { personApplication, submit } from '../support/applications.ts';
import { signIn, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let handler: string;
let reviewer: string;
beforeAll(async () => {
  platform = await startTestPlatform({ calendar: 'official' });
  [handler, reviewer] = await Promise.all([signIn(platform.url, 'lsh-handler'), signIn(platform.url, 'lsh-reviewer')]);
});
afterAll(() => platform?.stop());
afterEach(() => void vi.useRealTimers());

const act = async (token: string, number: string, version: number, action: Record<string, unknown>) => {
  const response = await fetch(`${platform.url}/api/staff/applications/${number}/actions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ version, action }),
  });
  return { status: response.status, body: await response.json() };
};
const get = async (token: string, path: string) => {
  const response = await fetch(`${platform.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json() };
};

describe('staff handling an application', () => {
  it('takes it from receipt through correction and extension to an answer the citizen can see', async () => {
    // Inside the calendar's covered years, so every deadline has a date (2027 is not entered here).
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-09-21T02:00:00Z') });
    const [handler, reviewer] = await Promise.all([
      signIn(platform.url, 'lsh-handler'),
      signIn(platform.url, 'lsh-reviewer'),
    ]);
    const { body: receipt } = await submit(platform.url, personApplication());
    const n = receipt.receiptNumber;

    let step = await act(handler, n, 1, { type: 'confirmReceipt' });
    expect(step).toMatchObject({ status: 200, body: { status: 'inProgress', version: 2 } });
    step = await act(handler, n, 2, { type: 'requestCorrection', items: ['请明确所需信息的形成年度'], periodDays: 10 });
    expect(step.body.statusLabel).toBe('待补正');
    step = await act(handler, n, 3, { type: 'receiveCorrection' });
    step = await act(handler, n, 4, { type: 'requestExtension', days: 10, reason: '需调取档案' });
    step = await act(reviewer, n, 5, { type: 'decideExtension', approve: true, reason: '同意' });
    step = await act(handler, n, 6, {
      type: 'answer',
      outcome: 'withheld.process',
      basis: '《中华人民共和国政府信息公开条例》第十六条第二款',
    });
    expect(step.body).toMatchObject({ status: 'answered', version: 7 });

    const view = await (
      await fetch(`${platform.url}/api/applications/${n}`, { headers: { 'x-query-code': receipt.queryCode } })
    ).json();
    expect(view.status).toBe('answered');
    expect(view.deadline.steps.map((s: { kind: string }) => s.kind)).toEqual(
      expect.arrayContaining(['restart', 'extension']),
    );
    expect(view.timeline.map((e: { type: string }) => e.type)).toEqual([
      'submitted',
      'confirmReceipt',
      'requestCorrection',
      'receiveCorrection',
      'decideExtension',
      'answer',
    ]);

    // Corrected on 09-21: 20 working days to 10-26, then the 10-day extension: 10-27 … 11-09.
    expect(view.deadline.due).toBe('2026-11-09');
    const { getStats } = await import('#store/stats.ts');
    expect(await getStats('lushuihe', 2026)).toMatchObject({ 'ended_withheld.process_natural': 1 });
  });

  it('refuses an illegal step with 409 and a message, changing nothing', async () => {
    const { body: receipt } = await submit(platform.url, personApplication());

    const step = await act(handler, receipt.receiptNumber, 1, { type: 'close' });
    const detail = await get(handler, `/api/staff/applications/${receipt.receiptNumber}`);

    expect(step.status).toBe(409);
    expect(step.body.message).toContain('当前状态下不能执行此操作');
    expect(detail.body.application).toMatchObject({ status: 'registered', version: 1 });
  });

  it('lets only one of two concurrent updates through', async () => {
    const { body: receipt } = await submit(platform.url, personApplication());

    const results = await Promise.all([
      act(handler, receipt.receiptNumber, 1, { type: 'confirmReceipt' }),
      act(handler, receipt.receiptNumber, 1, { type: 'withdraw', reason: '申请人电话撤回' }),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.message).toContain('已被他人更新');
  });

  it('records one of two concurrent proofs of service of a letter and answers the other 409, 已被他人更新', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-09-21T02:00:00Z') });
    const token = await signIn(platform.url, 'lsh-handler');
    const { body: receipt } = await submit(platform.url, personApplication());
    const n = receipt.receiptNumber;
    const confirmed = await act(token, n, 1, { type: 'confirmReceipt' });
    const service = async (trackingNumber: string) => {
      const response = await fetch(
        `${platform.url}/api/staff/applications/${n}/letters/${confirmed.body.letter.version}/service`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ version: 2, method: 'post', on: '2026-09-21', carrier: 'ems', trackingNumber }),
        },
      );
      return { status: response.status, body: await response.json() };
    };

    const results = await Promise.all([service('EA123456789CN'), service('EA987654321CN')]);

    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body).toMatchObject({
      code: 'stale-version',
      message: expect.stringContaining('已被他人更新'),
    });
    const detail = (await get(token, `/api/staff/applications/${n}`)).body;
    expect(detail.application.version).toBe(3);
  });

  it('keeps each agency to its own applications and each role to its steps', async () => {
    const { body: receipt } = await submit(platform.url, personApplication());
    const [otherAgency, admin] = await Promise.all([
      signIn(platform.url, 'fs-handler'),
      signIn(platform.url, 'lsh-admin'),
    ]);

    expect((await act(otherAgency, receipt.receiptNumber, 1, { type: 'confirmReceipt' })).status).toBe(404);
    expect((await get(otherAgency, `/api/staff/applications/${receipt.receiptNumber}`)).status).toBe(404);
    expect((await act(admin, receipt.receiptNumber, 1, { type: 'confirmReceipt' })).status).toBe(403);
    expect((await act(reviewer, receipt.receiptNumber, 1, { type: 'confirmReceipt' })).status).toBe(409);
    expect((await fetch(`${platform.url}/api/staff/applications`)).status).toBe(401);
  });

  it("lists the agency's queue by due date with identity numbers and phones masked", async () => {
    await submit(platform.url, personApplication());

    const { status, body } = await get(handler, '/api/staff/applications');

    expect(status).toBe(200);
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items[0]).toMatchObject({ identity: '1101**********002X', phone: '138****0000' });
    expect(JSON.stringify(body)).not.toContain('11010519491231002X');
    const dues = body.items.map((a: { due: string | null }) => a.due ?? '~');
    expect(dues).toEqual([...dues].sort());
  });

  it('refuses a receipt date after today, naming the rule, and changes nothing', async () => {
    const { body: receipt } = await submit(platform.url, personApplication());

    const step = await act(handler, receipt.receiptNumber, 1, {
      type: 'confirmReceipt',
      receiptDate: '2027-06-01',
      reason: '补登',
    });

    expect(step.status).toBe(409);
    expect(step.body.message).toContain('收到申请之日不能晚于今天');
    expect((await get(handler, `/api/staff/applications/${receipt.receiptNumber}`)).body.application).toMatchObject({
      status: 'registered',
      version: 1,
    });
  });

  it('answers a step whose dates reach a year without a calendar with 409 and the year to enter, not 500', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-28T02:00:00Z') });
    const handler = await signIn(platform.url, 'lsh-handler');
    const { body: receipt } = await submit(platform.url, personApplication());
    await act(handler, receipt.receiptNumber, 1, { type: 'confirmReceipt' });

    // A third party's 15 working days from 12-28 end in 2027, which this calendar lacks.
    const step = await act(handler, receipt.receiptNumber, 2, {
      type: 'startConsultation',
      party: '某商贸有限公司',
      kind: 'thirdParty',
    });

    expect(step.status).toBe(409);
    expect(step.body).toMatchObject({ code: 'calendar-gap' });
    expect(step.body.message).toContain('尚未录入 2027 年的节假日安排');
  });

  it('replaces the receipt note when staff correct the receipt date, not repeating the old day', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T02:00:00Z') });
    const handler = await signIn(platform.url, 'lsh-handler');
    const { body: receipt } = await submit(platform.url, personApplication());
    const publicView = async () =>
      (
        await fetch(`${platform.url}/api/applications/${receipt.receiptNumber}`, {
          headers: { 'x-query-code': receipt.queryCode },
        })
      ).json();
    expect((await publicView()).receiptNote).toContain('2026年12月1日');

    const step = await act(handler, receipt.receiptNumber, 1, {
      type: 'confirmReceipt',
      receiptDate: '2026-11-30',
      reason: '11月30日已收到纸质申请',
      receivedOnPaper: true,
    });

    expect(step.status).toBe(200);
    const view = await publicView();
    expect(view.receiptDate).toBe('2026-11-30');
    expect(view.receiptNote).toContain('收到申请之日为2026年11月30日');
    expect(view.receiptNote).not.toContain('2026年12月1日');
  });

  it('flags a letter without proof of service, takes the applicant reading it online as service, and counts a postal reply to 交邮之日', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-09-21T02:00:00Z') });
    let handler = await signIn(platform.url, 'lsh-handler');
    const { body: receipt } = await submit(platform.url, personApplication());
    const n = receipt.receiptNumber;
    const row = async () =>
      (await get(handler, `/api/staff/applications?q=${n}`)).body.items.find(
        (i: { receiptNumber: string }) => i.receiptNumber === n,
      );
    const letters = async () => (await get(handler, `/api/staff/applications/${n}`)).body.letters;

    const confirmed = await act(handler, n, 1, { type: 'confirmReceipt' });
    expect((await row()).unserved).toBe(1);
    expect((await letters())[0].service).toBeUndefined();

    // The applicant opens the 接收回执 on the status page: served online, at that moment.
    const read = await fetch(`${platform.url}/api/applications/${n}/letters/${confirmed.body.letter.version}`, {
      headers: { 'x-query-code': receipt.queryCode },
    });
    expect(read.status).toBe(200);
    expect((await row()).unserved).toBe(0);
    expect((await letters())[0].service).toMatchObject({ method: 'online', on: '2026-09-21' });

    // Answered on the 20th working day (10-26), posted the day after: late, counted to the posting date.
    vi.setSystemTime(new Date('2026-10-26T02:00:00Z'));
    handler = await signIn(platform.url, 'lsh-handler'); // the first token has long expired
    const answer = await act(handler, n, 2, {
      type: 'answer',
      outcome: 'withheld.process',
      basis: '《中华人民共和国政府信息公开条例》第十六条第二款',
    });
    expect((await get(handler, `/api/staff/applications/${n}`)).body.application.handling.answeredIn.onTime).toBe(true);
    expect((await row()).unserved).toBe(1);
    vi.setSystemTime(new Date('2026-10-27T02:00:00Z'));
    handler = await signIn(platform.url, 'lsh-handler');
    const service = (body: Record<string, unknown>) =>
      fetch(`${platform.url}/api/staff/applications/${n}/letters/${answer.body.letter.version}/service`, {
        method: 'POST',
        headers: { authorization: `Bearer ${handler}`, 'content-type': 'application/json' },
        body: JSON.stringify({ version: 3, ...body }),
      });

    const noNumber = await service({ method: 'post', on: '2026-10-27', carrier: 'ems' });
    const unsent = await service({ method: 'email' });
    const posted = await service({ method: 'post', on: '2026-10-27', carrier: 'ems', trackingNumber: 'ea123456789cn' });

    expect(noNumber.status).toBe(409);
    expect((await noNumber.json()).message).toContain('邮件号码');
    expect(unsent.status).toBe(409);
    expect(posted.status).toBe(200);
    expect((await posted.json()).service).toMatchObject({
      method: 'post',
      trackingNumber: 'EA123456789CN',
      carrier: 'EMS',
    });
    const detail = (await get(handler, `/api/staff/applications/${n}`)).body;
    expect(detail.application.handling.outcome.postedOn).toBe('2026-10-27');
    expect(detail.application.handling.answeredIn).toMatchObject({ workingDays: 21, onTime: false });
    expect(detail.letters.at(-1).service).toMatchObject({ method: 'post', on: '2026-10-27' });
    expect((await row()).unserved).toBe(0);
    expect(detail.events.at(-1).text).toContain('交邮之日为2026年10月27日');
  });

  it("places the agency's 电子印章 over the date of its letters' PDF once an administrator uploads one, and refuses what is no PNG", async () => {
    const admin = await signIn(platform.url, 'lsh-admin');
    const handler = await signIn(platform.url, 'lsh-handler');
    const { body: receipt } = await submit(platform.url, personApplication());
    const step = await act(handler, receipt.receiptNumber, 1, { type: 'confirmReceipt' });
    const pdf = async () =>
      Buffer.from(
        await (
          await fetch(
            `${platform.url}/api/staff/applications/${receipt.receiptNumber}/letters/${step.body.letter.version}/letter.pdf`,
            {
              headers: { authorization: `Bearer ${handler}` },
            },
          )
        ).arrayBuffer(),
      ).toString('latin1');
    const seal = (image: string) =>
      fetch(`${platform.url}/api/staff/agency/seal`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ image }),
      });
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
    expect(await pdf()).not.toContain('/Subtype /Image');

    const refused = await seal(Buffer.from('%PDF-1.7 not an image').toString('base64'));
    const taken = await seal(png);

    expect(refused.status).toBe(400);
    expect(taken.status).toBe(200);
    expect((await get(admin, '/api/staff/agency/letters')).body.seal).toBe(true);
    expect(await pdf()).toContain('/Subtype /Image');
    expect((await seal('')).status).toBe(200);
    expect(await pdf()).not.toContain('/Subtype /Image');
  });

  it('counts a receipt on a Saturday from the next working day, whether confirmed live or carried over', async () => {
    // Saturday 2026-11-28: from Monday 11-30 the 20th working day is 12-28 (from the Saturday it would be 12-25).
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T02:00:00Z') });
    const handler = await signIn(platform.url, 'lsh-handler');
    const { body: receipt } = await submit(platform.url, personApplication());

    const live = await act(handler, receipt.receiptNumber, 1, {
      type: 'confirmReceipt',
      receiptDate: '2026-11-28',
      reason: '周六收到纸质申请',
      receivedOnPaper: true,
    });
    const carried = await fetch(`${platform.url}/api/staff/imports/applications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${handler}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        dryRun: false,
        rows: [
          {
            oldNumber: 'LSH-SAT-1128',
            receivedOn: '2026-11-28',
            applicantType: '公民',
            name: '王建国',
            idType: '居民身份证',
            idNumber: '220621198003071237',
            phone: '13904391234',
            title: '露水河镇2026年农村公路养护资金使用情况',
          },
        ],
      }),
    });
    const imported = (await carried.json()).imported[0];

    expect(live.status).toBe(200);
    const liveDetail = (await get(handler, `/api/staff/applications/${receipt.receiptNumber}`)).body;
    const importedDetail = (await get(handler, `/api/staff/applications/${imported.receiptNumber}`)).body;
    expect(liveDetail.application.receiptDate).toBe('2026-11-30');
    expect(importedDetail.application.receiptDate).toBe('2026-11-30');
    expect([liveDetail.deadline.due, importedDetail.deadline.due, imported.replyDue]).toEqual([
      '2026-12-28',
      '2026-12-28',
      '2026-12-28',
    ]);
  });
});
