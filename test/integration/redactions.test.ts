/**
 * 部分公开's redaction (issue 43) over real sockets: a file marked through the API, produced by the
 * redaction function's job (the real engine: PDFium removes, a second reading verifies), and applied
 * where it goes out — an answer (the applicant downloads the redacted file, the 答复书 lists what was
 * withheld by ground) and a publication's attachment (replaced in place, checked again, published).
 */
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedAnswerFiles, personApplication, submit } from '../support/applications.ts';
import { signIn, siteSettled, startTestPlatform } from '../support/platform.ts';
import { idNumber, seeded } from '../support/privacy-corpus.ts';
import { publicationContent, publisher } from '../support/publications.ts';
import { caller, pdfOf, produced, redactionOf, uploadFile } from '../support/redactions.ts';
import { landingBefore, transactionWith } from '../support/table.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let handler: ReturnType<typeof caller>;
let handlerToken: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  handlerToken = await signIn(platform.url, 'lsh-handler');
  handler = caller(platform.url, handlerToken);
});
afterAll(() => platform?.stop());

const rng = seeded(43);
const control = 'CONTROL: the budget was executed as planned.';
const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const textOf = async (bytes: Uint8Array) =>
  (await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true })).text;
const download = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());

/** An application of 露水河镇, received: its number, query code and version. */
async function received() {
  const { body } = await submit(platform.url, personApplication());
  const confirmed = await handler('POST', `/api/staff/applications/${body.receiptNumber}/actions`, {
    version: 1,
    action: { type: 'confirmReceipt' },
  });
  expect(confirmed.status).toBe(200);
  return { n: body.receiptNumber as string, code: body.queryCode as string, version: confirmed.body.version as number };
}

/** A lease naming a third party by identity number, uploaded by the handler for an answer. */
async function leaseUpload(third: string) {
  const bytes = await pdfOf([
    'Lease of the town market stall, 2026.',
    `Tenant ID ${third} signed on 1 March.`,
    control,
  ]);
  return uploadFile(handler, '摊位租赁合同.pdf', bytes);
}

async function privateKeys(prefix: string) {
  const { s3 } = await import('#lib/s3.ts');
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: platform.names.privateBucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key!);
}

describe("an answer's file", () => {
  it('is given redacted: the applicant downloads it without the marked number, the 答复书 lists the grounds, nothing logs the words', async () => {
    const { n, code, version } = await received();
    const third = idNumber(rng);
    const upload = await leaseUpload(third);

    const redaction = await redactionOf(handler, { kind: 'answer', receiptNumber: n, upload }, [
      { kind: 'findings', ground: '15', reason: '第三人的身份证号码' },
    ]);

    expect(redaction.state).toBe('ready');
    expect(redaction.verification.passed).toBe(true);
    expect(redaction.marks[0].places).toBeGreaterThanOrEqual(1);
    expect(redaction.withheld).toEqual([
      expect.objectContaining({ ground: '15', article: '第十五条', places: redaction.marks[0].places }),
    ]);
    expect(await privateKeys(`redactions/lushuihe/${redaction.id}/`)).toEqual([
      `redactions/lushuihe/${redaction.id}/original`,
      `redactions/lushuihe/${redaction.id}/result.pdf`,
    ]);
    // The page as the console shows it, and the produced file behind a staff link.
    const page = await fetch(`${platform.url}/api/staff/redactions/${redaction.id}/pages/1/page.png?view=result`, {
      headers: { authorization: `Bearer ${handlerToken}` },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await page.arrayBuffer()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const link = await handler('GET', `/api/staff/redactions/${redaction.id}/result`);
    expect(link.status).toBe(200);
    const result = await textOf(await download(link.body.url));
    expect(result).not.toContain(third);
    expect(result).toContain(control);

    const applied = await handler('POST', `/api/staff/redactions/${redaction.id}/apply`, {
      version: redaction.version,
    });
    expect(applied.status).toBe(200);
    expect(applied.body.state).toBe('applied');
    expect(applied.body.result).toEqual({ upload: expect.any(String), fileName: '摊位租赁合同（部分公开）.pdf' });

    // The original is no longer an upload that can be given: only the redacted file is.
    const original = await handler('POST', `/api/staff/applications/${n}/file-checks`, { files: [upload] });
    expect(original.status).toBe(400);
    // The console checks the new upload as any file, then answers with it.
    const files = await checkedAnswerFiles(platform.url, handlerToken, n, [applied.body.result.upload]);
    // Redacted for this application (its applicant's own numbers left unmarked): given in no other.
    const other = await received();
    const elsewhere = await handler('POST', `/api/staff/applications/${other.n}/actions`, {
      version: other.version,
      action: {
        type: 'answer',
        outcome: 'partial',
        basis: '《中华人民共和国政府信息公开条例》第十五条、第三十七条',
        ...(await checkedAnswerFiles(platform.url, handlerToken, other.n, [applied.body.result.upload])),
      },
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.errors).toEqual([
      { field: 'body.action.files', message: expect.stringContaining('另一件申请') },
    ]);
    // 条例37: a file with parts withheld is given in a 部分公开 answer, not as 予以公开.
    const disclosed = await handler('POST', `/api/staff/applications/${n}/actions`, {
      version,
      action: { type: 'answer', outcome: 'disclosed', basis: '《中华人民共和国政府信息公开条例》第三十六条', ...files },
    });
    expect(disclosed.status).toBe(400);
    expect(disclosed.body.errors).toEqual([
      { field: 'body.action.outcome', message: expect.stringContaining('部分公开') },
    ]);
    const answered = await handler('POST', `/api/staff/applications/${n}/actions`, {
      version,
      action: {
        type: 'answer',
        outcome: 'partial',
        basis: '《中华人民共和国政府信息公开条例》第十五条、第三十七条',
        ...files,
      },
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);

    const view = await (
      await fetch(`${platform.url}/api/applications/${n}`, { headers: { 'x-query-code': code } })
    ).json();
    const letter = await (
      await fetch(`${platform.url}/api/applications/${n}/letters/${view.letters.at(-1).version}`, {
        headers: { 'x-query-code': code },
      })
    ).text();
    expect(letter).toContain(
      `《摊位租赁合同（部分公开）.pdf》中${redaction.marks[0].places}处内容涉及商业秘密、个人隐私（第三人的身份证号码），根据《中华人民共和国政府信息公开条例》第十五条不予公开，已作删除处理。`,
    );
    expect(letter).not.toContain(third);
    const file = await (
      await fetch(`${platform.url}/api/applications/${n}/files/${view.files[0].id}`, {
        headers: { 'x-query-code': code },
      })
    ).json();
    const given = await textOf(await download(file.url));
    expect(given).not.toContain(third);
    expect(given).toContain(control);

    // The record of who did what: grounds, reasons and counts, never the withheld number.
    const record = await handler('GET', `/api/staff/redactions/${redaction.id}`);
    expect(record.body.events.map((e: { type: string }) => e.type)).toEqual([
      'create',
      'mark',
      'produce',
      'ready',
      'apply',
    ]);
    expect(JSON.stringify(record.body.events)).not.toContain(third);
    const { db } = await import('#lib/dynamo.ts');
    const { Item } = await db.send(
      new GetCommand({ TableName: platform.names.table, Key: { pk: `APP#${n}`, sk: 'APP' } }),
    );
    expect(JSON.stringify(Item)).toContain('"redaction"');
    expect(JSON.stringify(Item)).not.toContain(third);
  });

  it('refuses marks that together cover more places than one redaction keeps, naming the mark (422)', async () => {
    const { n } = await received();
    const line = 'ABCDEFGHIJ KLMNOPQRST UVWXYZ0123 4567890ABC DEFGHIJKLM NOPQRSTUVW';
    const upload = await uploadFile(handler, '名册.pdf', await pdfOf(Array.from({ length: 40 }, () => line)));
    const created = await handler('POST', '/api/staff/redactions', {
      source: { kind: 'answer', receiptNumber: n, upload },
    });
    expect(created.status).toBe(201);
    const marks = [
      { kind: 'text', text: 'ABCDEFGHIJ', ground: '15', reason: '个人信息' },
      { kind: 'pattern', pattern: '[A-Z0-9]', ground: '15', reason: '个人信息' },
    ];
    const refused = await handler('PUT', `/api/staff/redactions/${created.body.id}/marks`, {
      version: created.body.version,
      marks,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: 'body.marks.1', message: expect.stringContaining('1500') }]);
    expect((await handler('GET', `/api/staff/redactions/${created.body.id}`)).body.marks).toEqual([]);
    // A reason is written into the 答复书: it names the kind of information, never the words withheld.
    const quoting = await handler('PUT', `/api/staff/redactions/${created.body.id}/marks`, {
      version: created.body.version,
      marks: [
        { kind: 'text', text: 'KLMNOPQRST', ground: '15', reason: '第三人姓名 KLMNOPQRST' },
        { kind: 'text', text: 'UVWXYZ0123', ground: '15', reason: '第三人 110105199003071239 的住址' },
        { kind: 'text', text: '4567890ABC', ground: '16', reason: '内部讨论记录' },
      ],
    });
    expect(quoting.status).toBe(422);
    expect(quoting.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.marks.0.reason',
      'body.marks.1.reason',
    ]);
  });

  it('refuses marks and production from a stale version (409) and keeps the newer marks', async () => {
    const { n } = await received();
    const upload = await leaseUpload(idNumber(rng));
    const created = await handler('POST', '/api/staff/redactions', {
      source: { kind: 'answer', receiptNumber: n, upload },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const first = await handler('PUT', `/api/staff/redactions/${id}/marks`, {
      version: created.body.version,
      marks: [{ kind: 'text', text: 'market stall', ground: '16', reason: '内部管理信息' }],
    });
    expect(first.status).toBe(200);

    const late = await handler('PUT', `/api/staff/redactions/${id}/marks`, {
      version: created.body.version,
      marks: [{ kind: 'findings', ground: '15', reason: '第三人的身份证号码' }],
    });
    const lateProduce = await handler('POST', `/api/staff/redactions/${id}/produce`, { version: created.body.version });

    expect(late.status).toBe(409);
    expect(late.body.code).toBe('stale-version');
    expect(lateProduce.status).toBe(409);
    expect(lateProduce.body.code).toBe('stale-version');
    const now = await handler('GET', `/api/staff/redactions/${id}`);
    expect(now.body.version).toBe(first.body.version);
    expect(now.body.marks.map((m: { input: { kind: string } }) => m.input.kind)).toEqual(['text']);
  });

  it("keeps another agency's staff out of a redaction and of its application (404, nothing changed)", async () => {
    const { n } = await received();
    const upload = await leaseUpload(idNumber(rng));
    const created = await handler('POST', '/api/staff/redactions', {
      source: { kind: 'answer', receiptNumber: n, upload },
    });
    const other = caller(platform.url, await signIn(platform.url, 'czj-handler'));
    const id = created.body.id;

    const answers = await Promise.all([
      other('GET', `/api/staff/redactions/${id}`),
      other('PUT', `/api/staff/redactions/${id}/marks`, { version: 1, marks: [] }),
      other('POST', `/api/staff/redactions/${id}/produce`, { version: 1 }),
      other('GET', `/api/staff/redactions/${id}/result`),
      other('POST', `/api/staff/redactions/${id}/apply`, { version: 1 }),
      other('GET', `/api/staff/redactions/${id}/pages/1/page.png`),
      other('POST', '/api/staff/redactions', { source: { kind: 'answer', receiptNumber: n, upload } }),
    ]);

    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    expect((await handler('GET', `/api/staff/redactions/${id}`)).body.version).toBe(1);
  });

  it('refuses a file that is not what its type says (415), and a mark it cannot place names the mark (422)', async () => {
    const { n } = await received();
    const fake = await uploadFile(handler, '伪装.pdf', new TextEncoder().encode('%PDF-1.7\nnot really a pdf'));
    const upload = await leaseUpload(idNumber(rng));
    const created = await handler('POST', '/api/staff/redactions', {
      source: { kind: 'answer', receiptNumber: n, upload },
    });

    const broken = await handler('POST', '/api/staff/redactions', {
      source: { kind: 'answer', receiptNumber: n, upload: fake },
    });
    const offPage = await handler('PUT', `/api/staff/redactions/${created.body.id}/marks`, {
      version: 1,
      marks: [
        { kind: 'findings', ground: '15', reason: '第三人的身份证号码' },
        { kind: 'area', page: 9, x: 10, y: 10, width: 50, height: 20, ground: '16', reason: '内部讨论' },
      ],
    });

    expect([415, 422]).toContain(broken.status);
    expect(broken.body.message).toMatch(/[\u4e00-\u9fff]/);
    expect(broken.body.errors[0].field).toBe('body.source.upload');
    expect(offPage.status).toBe(422);
    expect(offPage.body.message).toContain('第 2 项');
    expect(offPage.body.errors[0].field).toBe('body.marks.1');
  });

  it('releases nothing when the verification fails (a mark whose place was doctored leaves the number), naming the mark', async () => {
    const { n } = await received();
    const third = idNumber(rng);
    const upload = await leaseUpload(third);
    const created = await handler('POST', '/api/staff/redactions', {
      source: { kind: 'answer', receiptNumber: n, upload },
    });
    const id = created.body.id;
    const marked = await handler('PUT', `/api/staff/redactions/${id}/marks`, {
      version: 1,
      marks: [{ kind: 'text', text: third, ground: '15', reason: '第三人的身份证号码' }],
    });
    expect(marked.body.marks[0].places).toBe(1);
    // The mark's place moved off the number (the record doctored, its withheld string kept): the engine
    // removes what is under the place, and its second reading still finds the number.
    const { db } = await import('#lib/dynamo.ts');
    await db.send(
      new UpdateCommand({
        TableName: platform.names.table,
        Key: { pk: `REDACTION#${id}`, sk: 'REDACTION' },
        UpdateExpression: 'SET marks[0].places = :places',
        ExpressionAttributeValues: { ':places': [{ page: 1, rects: [{ x: 500, y: 20, width: 40, height: 12 }] }] },
      }),
    );

    await handler('POST', `/api/staff/redactions/${id}/produce`, { version: marked.body.version });
    const failed = await produced(handler, id);

    expect(failed.state).toBe('failed');
    expect(failed.verification.passed).toBe(false);
    expect(failed.result).toBeUndefined();
    expect(failed.failed.length).toBeGreaterThan(0);
    expect(failed.failed.flatMap((f: { marks: string[] }) => f.marks)).toContain('m1');
    expect(JSON.stringify(failed.failed)).not.toContain(third);
    expect(await privateKeys(`redactions/lushuihe/${id}/`)).toEqual([`redactions/lushuihe/${id}/original`]);
    const pending = await privateKeys('uploads/pending/');
    const [link, applied, page] = await Promise.all([
      handler('GET', `/api/staff/redactions/${id}/result`),
      handler('POST', `/api/staff/redactions/${id}/apply`, { version: failed.version }),
      handler('GET', `/api/staff/redactions/${id}/pages/1/page.png?view=result`),
    ]);
    expect([link.status, applied.status, page.status]).toEqual([409, 409, 409]);
    expect(await privateKeys('uploads/pending/')).toEqual(pending);
  });
});

describe('a produce job that died outside the engine', () => {
  it('shows the redaction failed with nothing released, and lets it be marked and produced again', async () => {
    const { n } = await received();
    const upload = await leaseUpload(idNumber(rng));
    const created = await handler('POST', '/api/staff/redactions', {
      source: { kind: 'answer', receiptNumber: n, upload },
    });
    const id = created.body.id;
    const marked = await handler('PUT', `/api/staff/redactions/${id}/marks`, {
      version: 1,
      marks: [{ kind: 'findings', ground: '15', reason: '第三人的身份证号码' }],
    });
    const { db } = await import('#lib/dynamo.ts');
    platform.pauseWorkers(true);
    try {
      const started = await handler('POST', `/api/staff/redactions/${id}/produce`, { version: marked.body.version });
      expect(started.body.state).toBe('producing');
      expect(
        (await handler('PUT', `/api/staff/redactions/${id}/marks`, { version: started.body.version, marks: [] }))
          .status,
      ).toBe(409);
      const { Item } = await db.send(
        new GetCommand({ TableName: platform.names.table, Key: { pk: `REDACTION#${id}`, sk: 'REDACTION' } }),
      );
      // The job's turn failed (say the bucket was unreachable) and ended it without the redaction's outcome.
      await db.send(
        new UpdateCommand({
          TableName: platform.names.table,
          Key: { pk: `JOB#${Item!.jobId}`, sk: 'JOB' },
          UpdateExpression: 'SET #state = :failed',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':failed': 'failed' },
        }),
      );

      const seen = await handler('GET', `/api/staff/redactions/${id}`);

      expect(seen.body.state).toBe('failed');
      expect(seen.body.failed).toEqual([
        { check: 'job', detail: expect.stringContaining('未生成任何文件'), marks: [] },
      ]);
      expect(seen.body.result).toBeUndefined();
      const again = await handler('POST', `/api/staff/redactions/${id}/produce`, { version: seen.body.version });
      expect(again.status).toBe(202);
    } finally {
      platform.pauseWorkers(false);
    }
    expect((await produced(handler, id)).state).toBe('ready');
  });
});

/** A draft with one attachment (its upload id): the draft's id and the attachment as stored. */
async function draftWith(staff: ReturnType<typeof publisher>, upload: string) {
  const created = await staff.call('handler', 'POST', '/api/staff/publications', {
    ...publicationContent(),
    attachments: [upload],
  });
  const id = created.body.id as string;
  const [original] = (await staff.call('handler', 'GET', `/api/staff/publications/${id}`)).body.item.content
    .attachments;
  return { id, original };
}

/** A draft whose Word attachment (the split-runs fixture) has a redaction produced and ready to apply. */
async function redactedDocxDraft() {
  const staff = publisher(platform.url);
  const fixture = new Uint8Array(readFileSync('test/fixtures/redaction/docx-split-runs.docx'));
  const [manifestEntry] = (
    JSON.parse(readFileSync('test/fixtures/redaction/manifest.json', 'utf8')).fixtures as {
      id: string;
      marks: unknown[];
      sentinels: string[];
    }[]
  ).filter((f) => f.id === 'docx-split-runs');
  const upload = await staff.upload('会议纪要.docx', docx, fixture);
  const { id, original } = await draftWith(staff, upload);
  const redaction = await redactionOf(
    handler,
    { kind: 'attachment', publicationId: id, attachment: original.id },
    manifestEntry!.marks,
  );
  expect(redaction.state, JSON.stringify(redaction.failed)).toBe('ready');
  return { staff, id, manifestEntry: manifestEntry!, redaction };
}

describe("a publication's attachment", () => {
  it('refuses an attachment whose file is no longer in the platform, naming the attachment (400)', async () => {
    const staff = publisher(platform.url);
    const upload = await staff.upload('预算说明.pdf', 'application/pdf', await pdfOf([control]));
    const { id, original } = await draftWith(staff, upload);
    const { s3 } = await import('#lib/s3.ts');
    const [key] = (await privateKeys('publications/')).filter((k) => k.includes(id));
    await s3.send(new DeleteObjectCommand({ Bucket: platform.names.privateBucket, Key: key! }));

    const refused = await handler('POST', '/api/staff/redactions', {
      source: { kind: 'attachment', publicationId: id, attachment: original.id },
    });

    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'body.source.attachment', message: expect.stringContaining('文件已不在平台中') },
    ]);
  });

  it("redacts a draft's Word attachment in its own XML (no page images: 422) and replaces it in the working copy", async () => {
    const { staff, id, manifestEntry, redaction } = await redactedDocxDraft();
    expect(redaction.format).toBe('docx');
    expect(redaction.pages).toEqual([]);
    const page = await handler('GET', `/api/staff/redactions/${redaction.id}/pages/1/page.png`);
    expect(page.status).toBe(422);
    expect(page.body.message).toMatch(/[\u4e00-\u9fff]/);
    const applied = await handler('POST', `/api/staff/redactions/${redaction.id}/apply`, {
      version: redaction.version,
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);

    const after = (await staff.call('handler', 'GET', `/api/staff/publications/${id}`)).body;
    const [replaced] = after.item.content.attachments;
    expect(replaced.fileName).toBe('会议纪要（部分公开）.docx');
    expect(replaced.contentType).toBe(docx);
    const link = await handler('GET', `/api/staff/redactions/${redaction.id}/result`);
    const parts = unzipSync(await download(link.body.url));
    const text = Object.values(parts)
      .map((bytes) => strFromU8(bytes))
      .join('\n');
    for (const sentinel of manifestEntry!.sentinels) expect(text).not.toContain(sentinel);
    expect(text.replace(/<[^>]+>/g, '')).toContain('CONTROL-OK');
  });

  it("is replaced when its check was saved between the redaction's read of the item and its write", async () => {
    // The privacy function saves a check without moving the item's version: the replacement is written
    // afresh over it, not refused as if someone had changed the item.
    const { staff, id, redaction } = await redactedDocxDraft();
    const { db } = await import('#lib/dynamo.ts');
    const checkSaved = () =>
      db.send(
        new UpdateCommand({
          TableName: platform.names.table,
          Key: { pk: `PUB#${id}`, sk: 'ITEM' },
          UpdateExpression: 'SET draftCheck.#at = :at',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':at': new Date().toISOString() },
        }),
      );
    const { answer: applied, meanwhile: saved } = await landingBefore(transactionWith('"redact"'), checkSaved, () =>
      handler('POST', `/api/staff/redactions/${redaction.id}/apply`, { version: redaction.version }),
    );
    expect(saved).toHaveLength(1);
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    const after = (await staff.call('handler', 'GET', `/api/staff/publications/${id}`)).body;
    expect(after.item.content.attachments.map((a: { fileName: string }) => a.fileName)).toEqual([
      '会议纪要（部分公开）.docx',
    ]);
    expect(after.events.filter((e: { type: string }) => e.type === 'redact')).toHaveLength(1);
  });

  it('is replaced in place by its redacted copy, checked again, and published without the number; the original stays private', async () => {
    const staff = publisher(platform.url);
    const third = idNumber(rng);
    const bytes = await pdfOf(['Market stall allocation, 2026.', `Stall 12: ID ${third}.`, control]);
    const upload = await staff.upload('摊位分配表.pdf', 'application/pdf', bytes);
    const created = await staff.call('handler', 'POST', '/api/staff/publications', {
      ...publicationContent(),
      attachments: [upload],
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await staff.step(id, created.body.version, { type: 'submit' });
    const submitted = await staff.privacyChecked(id);
    expect(submitted.privacyFindings.length).toBeGreaterThan(0);
    const original = submitted.item.content.attachments[0];

    const reviewer = caller(platform.url, await signIn(platform.url, 'lsh-reviewer'));
    const redaction = await redactionOf(reviewer, { kind: 'attachment', publicationId: id, attachment: original.id }, [
      { kind: 'findings', ground: '15', reason: '摊位承租人的身份证号码' },
    ]);
    expect(redaction.state).toBe('ready');
    const applied = await reviewer('POST', `/api/staff/redactions/${redaction.id}/apply`, {
      version: redaction.version,
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.state).toBe('applied');

    const checked = await staff.privacyChecked(id);
    const [replaced] = checked.item.content.attachments;
    expect(replaced.id).not.toBe(original.id);
    expect(replaced.fileName).toBe('摊位分配表（部分公开）.pdf');
    expect(checked.privacyFindings.filter((f: { acknowledged?: unknown }) => !f.acknowledged)).toEqual([]);
    expect(JSON.stringify(checked)).toContain('部分公开遮盖处理');
    expect(JSON.stringify(checked)).not.toContain(third);
    const again = await reviewer('POST', `/api/staff/redactions/${redaction.id}/apply`, {
      version: applied.body.version,
    });
    expect(again.status).toBe(409);

    await staff.step(
      id,
      checked.version,
      { type: 'approve', secrecyCheck: '经审查，附件中第三人的身份证号码已遮盖删除，同意公开。' },
      'reviewer',
    );
    await siteSettled();
    const published = await fetch(`${platform.url}/lushuihe/files/${id}/${replaced.id}.pdf`);
    expect(published.status).toBe(200);
    const publishedBytes = new Uint8Array(await published.arrayBuffer());
    // The size the item lists (the page shows it beside the link) is the redacted file's own.
    expect(replaced.size).toBe(publishedBytes.byteLength);
    const text = await textOf(publishedBytes);
    expect(text).not.toContain(third);
    expect(text).toContain(control);
    expect((await fetch(`${platform.url}/lushuihe/files/${id}/${original.id}.pdf`)).status).toBe(404);
    const { s3 } = await import('#lib/s3.ts');
    const kept = await s3.send(
      new GetObjectCommand({
        Bucket: platform.names.privateBucket,
        Key: `redactions/lushuihe/${redaction.id}/original`,
      }),
    );
    expect(await textOf(await kept.Body!.transformToByteArray())).toContain(third);
  });
});
