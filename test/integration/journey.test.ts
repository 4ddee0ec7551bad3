/**
 * The whole journey over HTTP through the local gateway, as the citizen and the staff see it:
 * apply → correction asked → corrected from the status page → extension → fee notice → paid →
 * partly disclosed with a redacted file → the citizen reads the letters and downloads the file.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkedAnswerFiles, feeReason, personApplication, submit } from '../support/applications.ts';
import { deliveredAs, signIn, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());
afterEach(() => void vi.useRealTimers());

const at = (iso: string) => vi.setSystemTime(new Date(iso));

/** A staff request, signed in as `user` (or with a token already held). */
async function call(user: string, method: string, path: string, body?: unknown) {
  const token = user.includes('.') ? user : await signIn(platform.url, user);
  const response = await fetch(`${platform.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
  };
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

describe('the full journey of an application', () => {
  it('runs from the application to the letters and files the citizen reads', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-09-21T01:00:00Z') }); // Monday 09:00 Beijing
    // Tokens live an hour; the clock jumps weeks between steps, so each step signs in afresh.
    const handler = 'lsh-handler';
    const reviewer = 'lsh-reviewer';
    const { body: receipt } = await submit(platform.url, personApplication());
    const n: string = receipt.receiptNumber;
    const code: string = receipt.queryCode;
    let version = 1;
    const act = async (user: string, action: Record<string, unknown>) => {
      const step = await call(user, 'POST', `/api/staff/applications/${n}/actions`, { version, action });
      expect(step.status, JSON.stringify(step.body)).toBe(200);
      version = step.body.version;
      return step.body;
    };

    // Registered, with the receipt letter e-mailed (kept in the local outbox).
    const confirmed = await act(handler, { type: 'confirmReceipt' });
    expect(confirmed.letter).toMatchObject({ number: '露政公收〔2026〕1号' });

    at('2026-09-23T01:00:00Z');
    const correction = await act(handler, {
      type: 'requestCorrection',
      items: ['请明确所需信息的形成年度'],
      periodDays: 10,
    });
    expect(correction.letter.number).toBe('露政公补〔2026〕1号');

    // The citizen corrects from the status page (the no-script form), post/redirect/get throughout.
    at('2026-09-25T02:00:00Z');
    const queried = await fetch(`${platform.url}/apply/status`, form({ receiptNumber: n, queryCode: code }));
    expect(queried.status).toBe(303);
    expect(queried.headers.get('location')).toBe(`/apply/status/${n}`);
    const cookie = queried.headers.get('set-cookie')!.split(';')[0]!;
    expect(queried.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
    const visit = (path: string, withCookie = true) =>
      fetch(`${platform.url}${path}`, { redirect: 'manual', headers: withCookie ? { cookie } : {} });
    const statusPage = await (await visit(`/apply/status/${n}`)).text();
    expect(statusPage).toContain('请补正申请');
    expect(statusPage).toContain('请明确所需信息的形成年度');
    // Without the cookie (another browser, or half an hour later) the page asks for the code again.
    expect(await (await visit(`/apply/status/${n}`, false)).text()).toContain('请输入查询码');
    const corrected = await fetch(
      `${platform.url}/apply/correction`,
      form({ receiptNumber: n, queryCode: code, text: '所需信息为 2025 年度的执行情况报告。' }),
    );
    expect(corrected.status).toBe(303);
    expect(corrected.headers.get('location')).toBe(`/apply/status/${n}?notice=corrected`);
    expect(await (await visit(`/apply/status/${n}?notice=corrected`)).text()).toContain('补正已提交');
    version += 1;

    at('2026-10-20T01:00:00Z');
    await act(handler, { type: 'requestExtension', days: 10, reason: '需调取镇财政所档案' });
    const extension = await act(reviewer, { type: 'decideExtension', approve: true, reason: '同意延期' });
    expect(extension.letter.number).toBe('露政公延〔2026〕1号');

    // Fee notice per page (109号): 250 pages → 4,700 yuan, with the arithmetic shown first.
    const preview = await call(handler, 'GET', `/api/staff/applications/${n}/fee?scheme=perPage&quantity=250`);
    expect(preview.body).toMatchObject({ total: 4700 });
    expect(preview.body.text.join('')).toContain('第 201–250 页（50 页）每页 40 元');
    const unexplained = await call(handler, 'POST', `/api/staff/applications/${n}/actions`, {
      version,
      action: { type: 'sendFeeNotice', scheme: 'perPage', quantity: 250 },
    });
    expect(unexplained.status).toBe(400);
    expect(unexplained.body.errors).toEqual([
      expect.objectContaining({ field: 'body.action.reason', message: expect.stringContaining('超出合理范围的情况') }),
    ]);
    const fee = await act(handler, { type: 'sendFeeNotice', scheme: 'perPage', quantity: 250, reason: feeReason });
    expect(fee).toMatchObject({ status: 'feeNotice', letter: { number: '露政公费〔2026〕1号' } });

    at('2026-10-22T01:00:00Z');
    await act(handler, { type: 'recordPayment' });

    // The redacted file, uploaded by the handler straight to the private bucket.
    const upload = await call(handler, 'POST', '/api/staff/uploads', {
      fileName: '执行情况报告（删除个人信息）.pdf',
      contentType: 'application/pdf',
      size: 16,
    });
    expect(upload.status).toBe(201);
    const post = new FormData();
    for (const [name, value] of Object.entries(upload.body.fields as Record<string, string>)) post.append(name, value);
    post.append('file', new Blob([new TextEncoder().encode('%PDF-1.7\n%redact\n')], { type: 'application/pdf' }));
    expect((await fetch(upload.body.url, { method: 'POST', body: post })).status).toBeLessThan(300);

    at('2026-10-30T01:00:00Z');
    const answer = await act(handler, {
      type: 'answer',
      outcome: 'partial',
      basis: '《中华人民共和国政府信息公开条例》第十五条、第三十七条',
      ...(await checkedAnswerFiles(platform.url, await signIn(platform.url, handler), n, [upload.body.uploadId])),
    });
    expect(answer).toMatchObject({ status: 'answered', letter: { number: '露政公复〔2026〕1号' } });

    // What the citizen sees: the status, the letters, the file.
    const view = await (
      await fetch(`${platform.url}/api/applications/${n}`, { headers: { 'x-query-code': code } })
    ).json();
    expect(view.status).toBe('answered');
    expect(view.letters.map((l: { number: string }) => l.number)).toEqual([
      '露政公收〔2026〕1号',
      '露政公补〔2026〕1号',
      '露政公延〔2026〕1号',
      '露政公费〔2026〕1号',
      '露政公复〔2026〕1号',
    ]);
    expect(view.timeline.map((e: { type: string }) => e.type)).toEqual([
      'submitted',
      'confirmReceipt',
      'requestCorrection',
      'receiveCorrection',
      'decideExtension',
      'sendFeeNotice',
      'recordPayment',
      'answer',
    ]);
    // Corrected 09-25 → 20 working days to 10-29 (国庆 skipped, make-up Saturday 10-10 counted); the
    // fee pause (10-21, 10-22) adds 2 → 11-02; the extension 10 more → 11-16.
    expect(view.deadline.due).toBe('2026-11-16');

    const reply = view.letters.at(-1);
    const letter = await fetch(`${platform.url}${reply.url}`, { headers: { 'x-query-code': code } });
    const letterHtml = await letter.text();
    expect(letter.status).toBe(200);
    expect(letterHtml).toContain('政府信息公开申请答复书');
    expect(letterHtml).toContain('六十日内向抚松县人民政府申请行政复议');
    expect(letterHtml).toContain('执行情况报告（删除个人信息）.pdf');
    expect((await fetch(`${platform.url}${reply.url}`, { headers: { 'x-query-code': 'AAAAA-AAAAA' } })).status).toBe(
      404,
    );

    const printable = await (await visit(`/apply/status/${n}/letters/${reply.version}`)).text();
    expect(printable).toContain('露政公复〔2026〕1号');
    expect(printable).toContain(`<a class="button" href="/apply/status/${n}">返回办理进度</a>`);

    // The link is signed for five minutes of the real clock, which s3rver checks.
    vi.useRealTimers();
    const link = await (
      await fetch(`${platform.url}${view.files[0].url}`, { headers: { 'x-query-code': code } })
    ).json();
    const file = await fetch(link.url);
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('%PDF-1.7');
    const download = await visit(`/apply/status/${n}/files/${view.files[0].id}`);
    expect(download.status).toBe(303);

    // Staff see every letter (the consultation letters too) and the e-mail in the outbox.
    const detail = await call(handler, 'GET', `/api/staff/applications/${n}`);
    expect(detail.body.letters).toHaveLength(5);
    // Delivered as written (the stream's local stand-in polls every second): kept locally, or sent
    // through the SMTP transport under npm run test:smtp.
    let mail: { delivery: string }[] = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      const outbox = await call(handler, 'GET', '/api/staff/outbox');
      mail = outbox.body.mail.filter((m: { receiptNumber: string }) => m.receiptNumber === n);
      if (mail.every((m) => m.delivery === deliveredAs)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // The letters e-mailed to the applicant, and the 受理回执 sent at submission.
    expect(mail).toHaveLength(6);
    expect(mail.map((m) => m.delivery)).toEqual(Array(6).fill(deliveredAs));
    expect(mail.at(-1)).toMatchObject({ letterNumber: '受理回执', subject: `政府信息公开申请受理回执（${n}）` });
    expect(mail[0]).toMatchObject({
      to: 'liming@example.com',
      delivery: deliveredAs,
      subject: '政府信息公开申请答复书（露政公复〔2026〕1号）',
    });
    const staffLetter = await call(handler, 'GET', `/api/staff/applications/${n}/letters/${reply.version}`);
    expect(staffLetter.body).toContain('露政公复〔2026〕1号');

    const { getStats } = await import('#store/stats.ts');
    expect(await getStats('lushuihe', 2026)).toMatchObject({ ended_partial_natural: 1 });
  });

  it('numbers letters of the same kind without gaps when two are issued at once', async () => {
    const handler = await signIn(platform.url, 'lsh-handler');
    const receipts = await Promise.all([1, 2, 3, 4].map(() => submit(platform.url, personApplication())));
    const steps = await Promise.all(
      receipts.map(({ body }) =>
        call(handler, 'POST', `/api/staff/applications/${body.receiptNumber}/actions`, {
          version: 1,
          action: { type: 'confirmReceipt' },
        }),
      ),
    );

    expect(steps.map((s) => s.status)).toEqual([200, 200, 200, 200]);
    const numbers = steps.map((s) => Number(/〔\d{4}〕(\d+)号/.exec(s.body.letter.number)![1])).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(4);
    expect(numbers.at(-1)! - numbers[0]!).toBe(3);
  });

  it("counts the applicant's earlier applications this month for a per-item fee", async () => {
    const handler = await signIn(platform.url, 'lsh-handler');
    const applicant = {
      kind: 'person',
      name: '赵多',
      idType: 'resident',
      idNumber: '440524188001010014',
      phone: '13900000000',
      email: 'zhao@example.com',
    };
    const first = await submit(platform.url, personApplication({ applicant }));
    const second = await submit(platform.url, personApplication({ applicant }));
    await submit(platform.url, personApplication()); // someone else

    expect([first.status, second.status], JSON.stringify(first.body)).toEqual([201, 201]);
    const fee = (receiptNumber: string) =>
      call(handler, 'GET', `/api/staff/applications/${receiptNumber}/fee?scheme=perItem&quantity=1`);
    // Before anyone checked who applied, nothing counts: anyone can type a stranger's number.
    const unchecked = await fee(second.body.receiptNumber);
    expect(unchecked.body.earlierThisMonth).toBe(0);
    expect(unchecked.body.earlierApplications).toEqual([
      expect.objectContaining({
        receiptNumber: first.body.receiptNumber,
        counted: false,
        why: '本申请未核对申请人身份，不计此前申请',
      }),
    ]);
    for (const { body } of [first, second])
      expect(
        (
          await call(handler, 'POST', `/api/staff/applications/${body.receiptNumber}/actions`, {
            version: 1,
            action: { type: 'confirmReceipt', identityConfirmed: true },
          })
        ).status,
      ).toBe(200);

    const [a, b] = await Promise.all([first!, second!].map(({ body }) => fee(body.receiptNumber)));
    expect([a!.body.earlierThisMonth, b!.body.earlierThisMonth]).toEqual([0, 1]);
    expect(b!.body.text[0]).toContain('此前已 1 件');
    expect(b!.body.earlierApplications).toEqual([
      expect.objectContaining({ receiptNumber: first.body.receiptNumber, counted: true, why: '已核对身份，计入' }),
    ]);
    // The handler finds the first was a namesake's after all: excluded, with the reason kept.
    const sent = await call(handler, 'POST', `/api/staff/applications/${second.body.receiptNumber}/actions`, {
      version: 2,
      action: {
        type: 'sendFeeNotice',
        scheme: 'perItem',
        quantity: 1,
        reason: '本月第 2 件申请，所涉信息与前一件重复',
        exclude: [{ receiptNumber: first.body.receiptNumber, reason: '同名同号的另一申请人，经电话核实' }],
      },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const detail = await call(handler, 'GET', `/api/staff/applications/${second.body.receiptNumber}`);
    expect(detail.body.application.handling.fee.calculation).toMatchObject({
      earlierThisMonth: 0,
      counted: [],
      excluded: [{ receiptNumber: first.body.receiptNumber, reason: '同名同号的另一申请人，经电话核实' }],
    });
  });

  it("does not let applications filed with a stranger's identity number raise their fee", async () => {
    const handler = await signIn(platform.url, 'lsh-handler');
    const victim = {
      kind: 'person',
      name: '孙真',
      idType: 'resident',
      idNumber: '440524188001010057',
      phone: '13900000002',
      email: 'sun@example.com',
    };
    // Someone files five with the victim's number (never checked), then the victim applies.
    for (let i = 0; i < 5; i++)
      await submit(
        platform.url,
        personApplication({ applicant: { ...victim, name: '冒用者' }, request: { title: `冒用 ${i}` } }),
      );
    const real = await submit(platform.url, personApplication({ applicant: victim }));
    expect(real.status, JSON.stringify(real.body)).toBe(201);
    await call(handler, 'POST', `/api/staff/applications/${real.body.receiptNumber}/actions`, {
      version: 1,
      action: { type: 'confirmReceipt', identityConfirmed: true },
    });
    const fee = await call(
      handler,
      'GET',
      `/api/staff/applications/${real.body.receiptNumber}/fee?scheme=perItem&quantity=1`,
    );
    expect(fee.body.earlierThisMonth, JSON.stringify(fee.body)).toBe(0);
    expect(fee.body.earlierApplications).toHaveLength(5);
    expect(
      fee.body.earlierApplications.every(
        (e: { counted: boolean; why: string }) => !e.counted && e.why === '该申请未核对申请人身份，不计入',
      ),
    ).toBe(true);
  });

  it("follows a receipt date corrected to an earlier paper receipt when counting the applicant's applications", async () => {
    const handler = await signIn(platform.url, 'lsh-handler');
    const applicant = {
      kind: 'person',
      name: '钱多',
      idType: 'resident',
      idNumber: '440524188001010030',
      phone: '13900000001',
      email: 'qian@example.com',
    };
    const first = await submit(platform.url, personApplication({ applicant }));
    const second = await submit(platform.url, personApplication({ applicant }));
    expect([first.status, second.status], JSON.stringify(first.body)).toEqual([201, 201]);
    const submittedOn = first.body.receiptDate as string;
    // The first of the month if that is before the submission, else 20 days before (the month before).
    const paperDate =
      `${submittedOn.slice(0, 8)}01` < submittedOn
        ? `${submittedOn.slice(0, 8)}01`
        : new Date(Date.parse(`${submittedOn}T00:00:00Z`) - 20 * 86_400_000).toISOString().slice(0, 10);
    const confirmed = await call(handler, 'POST', `/api/staff/applications/${second.body.receiptNumber}/actions`, {
      version: 1,
      action: {
        type: 'confirmReceipt',
        receiptDate: paperDate,
        receivedOnPaper: true,
        reason: '纸质申请此前已寄达',
        identityConfirmed: true,
      },
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const firstConfirmed = await call(handler, 'POST', `/api/staff/applications/${first.body.receiptNumber}/actions`, {
      version: 1,
      action: { type: 'confirmReceipt', identityConfirmed: true },
    });
    expect(firstConfirmed.status).toBe(200);
    const movedTo = (await call(handler, 'GET', `/api/staff/applications/${second.body.receiptNumber}`)).body
      .application.receiptDate as string;

    const fee = async (receiptNumber: string) =>
      (await call(handler, 'GET', `/api/staff/applications/${receiptNumber}/fee?scheme=perItem&quantity=1`)).body
        .earlierThisMonth;
    // Earlier means received earlier in the same month, by the corrected date (then by receipt number).
    const a = `${submittedOn}#${first.body.receiptNumber}`;
    const b = `${movedTo}#${second.body.receiptNumber}`;
    const sameMonth = submittedOn.slice(0, 7) === movedTo.slice(0, 7);
    expect(await fee(first.body.receiptNumber)).toBe(sameMonth && b < a ? 1 : 0);
    expect(await fee(second.body.receiptNumber)).toBe(sameMonth && a < b ? 1 : 0);
  });
});
