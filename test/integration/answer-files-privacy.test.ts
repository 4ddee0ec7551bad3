/**
 * 个人信息检查 of the files given to an applicant in an answer (依申请公开), over real sockets: the
 * handler has the files checked before answering (the privacy function reads them), third parties'
 * numbers are found and the applicant's own are not, and the answer is refused while a finding is
 * open, until each is kept with a reason that says something.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personApplication, submit } from '../support/applications.ts';
import { signIn, startTestPlatform } from '../support/platform.ts';
import { idNumber, mobile, seeded } from '../support/privacy-corpus.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let handler: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  handler = await signIn(platform.url, 'lsh-handler');
});
afterAll(() => platform?.stop());

const rng = seeded(13);

async function call(method: string, path: string, body?: unknown, token = handler) {
  const response = await fetch(`${platform.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** A PDF with a text layer, one line a row. */
async function pdfOf(lines: string[]): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const page = document.addPage([595, 842]);
  for (const [i, line] of lines.entries()) page.drawText(line, { x: 50, y: 780 - i * 20, size: 11, font });
  return document.save();
}

/** A file uploaded for disclosure, as the console does it: its upload id. */
async function uploaded(fileName: string, bytes: Uint8Array) {
  const policy = await call('POST', '/api/staff/uploads', {
    fileName,
    contentType: 'application/pdf',
    size: bytes.length,
  });
  expect(policy.status).toBe(201);
  const form = new FormData();
  for (const [name, value] of Object.entries(policy.body.fields as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }));
  expect((await fetch(policy.body.url, { method: 'POST', body: form })).status).toBeLessThan(300);
  return policy.body.uploadId as string;
}

async function checked(n: string, id: string) {
  for (let i = 0; i < 600; i++) {
    const check = await call('GET', `/api/staff/applications/${n}/file-checks/${id}`);
    expect(check.status).toBe(200);
    if (check.body.state !== 'scanning') return check.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`file check ${id} still scanning`);
}

describe('files given in an answer', () => {
  it("are checked before the answer for third parties' personal data, not the applicant's own, and the answer waits for each to be kept with a reason", async () => {
    const own = { idNumber: idNumber(rng), phone: mobile(rng) };
    const third = { idNumber: idNumber(rng), phone: mobile(rng) };
    const application = await submit(
      platform.url,
      personApplication({ applicant: { ...personApplication().applicant, ...own } }),
    );
    expect(application.status).toBe(201);
    const n = application.body.receiptNumber as string;
    const confirmed = await call('POST', `/api/staff/applications/${n}/actions`, {
      version: 1,
      action: { type: 'confirmReceipt' },
    });
    const file = await uploaded(
      '征收补偿协议.pdf',
      await pdfOf([
        `Applicant ID ${own.idNumber} tel ${own.phone.slice(0, 3)}-${own.phone.slice(3, 7)}-${own.phone.slice(7)}`,
        `Neighbour ID ${third.idNumber}`,
        `Neighbour tel ${third.phone}`,
      ]),
    );

    const started = await call('POST', `/api/staff/applications/${n}/file-checks`, { files: [file] });
    expect(started.status).toBe(202);
    const check = await checked(n, started.body.id);
    expect(check).toMatchObject({ state: 'done', open: 2 });
    expect(check.findings.map((f: { kind: string }) => f.kind).sort()).toEqual(['idNumber', 'mobile']);
    expect(check.findings[0]).toMatchObject({ where: { field: 'attachment', fileName: '征收补偿协议.pdf', page: 1 } });
    const shown = JSON.stringify(check);
    for (const number of [own.idNumber, own.phone, third.idNumber, third.phone]) expect(shown).not.toContain(number);

    const answer = (extra: Record<string, unknown>) =>
      call('POST', `/api/staff/applications/${n}/actions`, {
        version: confirmed.body.version,
        action: {
          type: 'answer',
          outcome: 'disclosed',
          basis: '《中华人民共和国政府信息公开条例》第三十六条第（二）项',
          files: [file],
          fileCheck: started.body.id,
          ...extra,
        },
      });
    const refused = await answer({});
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('checks-failed');
    expect(refused.body.message).toContain('提供的文件经个人信息检查发现 2 项');
    for (const number of [third.idNumber, third.phone]) expect(refused.body.message).not.toContain(number);
    const saysNothing = await answer({ privacyAcknowledgements: [{ id: '1', reason: '.' }] });
    expect(saysNothing.status).toBe(400);
    expect(saysNothing.body.errors[0].field).toBe('body.action.privacyAcknowledgements.0.reason');
    const half = await answer({
      privacyAcknowledgements: [{ id: '1', ground: 'consent', reason: '邻户签字同意提供给申请人' }],
    });
    expect(half.status).toBe(409);
    expect(half.body.message).toContain('1 项');

    const answered = await answer({
      privacyAcknowledgements: [
        { id: '1', ground: 'consent', reason: '邻户签字同意提供给申请人' },
        { id: '2', reason: '邻户本人书面同意提供其联系电话' },
      ],
    });
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('answered');
    // The staff see what was kept, by whom and why; the applicant's view has nothing of it.
    const detail = await call('GET', `/api/staff/applications/${n}`);
    expect(detail.body.application.handling.outcome.fileCheck.findings).toMatchObject([
      { acknowledged: { by: 'lsh-handler', reason: expect.stringContaining('已取得本人书面同意') } },
      { acknowledged: { by: 'lsh-handler', reason: '邻户本人书面同意提供其联系电话' } },
    ]);
    const publicView = await (
      await fetch(`${platform.url}/api/applications/${n}`, { headers: { 'x-query-code': application.body.queryCode } })
    ).text();
    expect(publicView).not.toContain('fileCheck');
    expect(publicView).not.toContain('邻户');
  });

  it("refuses a check of another agency's application or of a file never uploaded, and an answer whose files are unchecked or not those checked", async () => {
    const application = await submit(platform.url, personApplication());
    const n = application.body.receiptNumber as string;
    const confirmed = await call('POST', `/api/staff/applications/${n}/actions`, {
      version: 1,
      action: { type: 'confirmReceipt' },
    });
    const first = await uploaded('答复材料一.pdf', await pdfOf(['Budget 2025, total 1,200,000 yuan']));
    const second = await uploaded('答复材料二.pdf', await pdfOf(['Budget 2026, total 1,300,000 yuan']));
    // Another agency's handler is told the application does not exist; an upload that is not one is refused.
    const elsewhere = await signIn(platform.url, 'czj-handler');
    expect((await call('POST', `/api/staff/applications/${n}/file-checks`, { files: [first] }, elsewhere)).status).toBe(
      404,
    );
    const unknown = await call('POST', `/api/staff/applications/${n}/file-checks`, {
      files: ['3f1c2b9e-6d4a-4c1e-9b7a-2e5d8f0a1c3b'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('body.files');

    // Files are not given without a check.
    const unchecked = await call('POST', `/api/staff/applications/${n}/actions`, {
      version: confirmed.body.version,
      action: {
        type: 'answer',
        outcome: 'disclosed',
        basis: '《中华人民共和国政府信息公开条例》第三十六条第（二）项',
        files: [first],
      },
    });
    expect(unchecked.status).toBe(400);
    expect(unchecked.body.errors[0].field).toBe('body.action.fileCheck');

    const started = await call('POST', `/api/staff/applications/${n}/file-checks`, { files: [first] });
    const check = await checked(n, started.body.id);
    expect(check).toMatchObject({ state: 'done', open: 0, findings: [] });
    const other = await call('POST', `/api/staff/applications/${n}/actions`, {
      version: confirmed.body.version,
      action: {
        type: 'answer',
        outcome: 'disclosed',
        basis: '《中华人民共和国政府信息公开条例》第三十六条第（二）项',
        files: [first, second],
        fileCheck: started.body.id,
      },
    });
    expect(other.status).toBe(409);
    expect(other.body.message).toContain('请重新检查');
  });
});
