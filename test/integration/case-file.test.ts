/**
 * The case file (答辩证据) of a case with a 补正, a third-party consultation, an extension and a
 * postal answer: every file listed with its hash, each date derived again from the stored records,
 * the letters without proof of service named, the export recorded; and an event edited in the table
 * afterwards makes the next export report a broken chain.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { personApplication, submit } from '../support/applications.ts';
import { signIn, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform({ calendar: 'official' });
});
afterAll(() => {
  vi.useRealTimers();
  return platform?.stop();
});

const on = async (day: string) => {
  vi.setSystemTime(new Date(`${day}T02:00:00Z`));
};
const call = async (user: string, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${platform.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await signIn(platform.url, user)}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return response;
};
let version = 1;
const step = async (user: string, n: string, action: Record<string, unknown>) => {
  const response = await call(user, 'POST', `/api/staff/applications/${n}/actions`, { version, action });
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  version = body.version;
  return body;
};
const exportCaseFile = async (n: string) => {
  const response = await call('lsh-reviewer', 'POST', `/api/staff/applications/${n}/case-file`, {
    purpose: '抚松县人民政府行政复议案件答辩',
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/zip');
  const bytes = new Uint8Array(await response.arrayBuffer());
  const files = unzipSync(bytes);
  const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
  // pdf.js takes over the buffer it reads: it reads a copy.
  const { text } = await extractText(new Uint8Array(files['00-证据目录.pdf']!), { mergePages: true });
  return { response, bytes, files, manifest, catalogue: (text as string).replace(/\s+/g, '') };
};
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let n: string;

describe('the case file of an application', () => {
  it('lists every file with its hash, re-derives each date from the records and names the letters not served', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-09-21T02:00:00Z') });
    n = (await submit(platform.url, personApplication())).body.receiptNumber;
    await step('lsh-handler', n, { type: 'confirmReceipt', identityConfirmed: true });
    await on('2026-09-22');
    await step('lsh-handler', n, { type: 'requestCorrection', items: ['请明确所需信息的年度'], periodDays: 10 });
    await on('2026-09-24');
    await step('lsh-handler', n, { type: 'receiveCorrection', text: '所需为 2025 年度。' });
    await on('2026-09-25');
    await step('lsh-handler', n, { type: 'startConsultation', party: '某商贸有限公司', kind: 'thirdParty' });
    await on('2026-09-29');
    await step('lsh-handler', n, { type: 'recordConsultationReply', reply: '不同意公开，涉及商业秘密。' });
    await on('2026-10-12');
    await step('lsh-handler', n, { type: 'requestExtension', days: 10, reason: '需调取档案' });
    await step('lsh-reviewer', n, { type: 'decideExtension', approve: true, reason: '同意' });
    await on('2026-10-20');
    const answer = await step('lsh-handler', n, {
      type: 'answer',
      outcome: 'withheld.thirdParty',
      basis: '《中华人民共和国政府信息公开条例》第十五条',
    });
    await on('2026-10-21');
    // The post office's receipt, scanned, goes with the record of posting.
    const policy = await (
      await call('lsh-handler', 'POST', '/api/staff/uploads', {
        fileName: '交寄凭证.pdf',
        contentType: 'application/pdf',
        size: 24,
      })
    ).json();
    const form = new FormData();
    for (const [name, value] of Object.entries(policy.fields as Record<string, string>)) form.append(name, value);
    form.append(
      'file',
      new Blob([new TextEncoder().encode('%PDF-1.7\n%postal receipt\n')], { type: 'application/pdf' }),
    );
    expect((await fetch(policy.url, { method: 'POST', body: form })).status).toBeLessThan(300);
    const posted = await call(
      'lsh-handler',
      'POST',
      `/api/staff/applications/${n}/letters/${answer.letter.version}/service`,
      {
        version,
        method: 'post',
        on: '2026-10-21',
        carrier: 'registered',
        trackingNumber: 'RR123456789CN',
        receiptScan: policy.uploadId,
      },
    );
    expect(posted.status).toBe(200);

    const { response, bytes, files, manifest, catalogue } = await exportCaseFile(n);

    // Every file the manifest lists is in the archive with the hash it gives.
    for (const file of manifest.files) expect(sha(files[file.path]!), file.path).toBe(file.sha256);
    expect(Object.keys(files).sort()).toEqual(
      [...manifest.files.map((f: { path: string }) => f.path), 'manifest.json'].sort(),
    );
    expect(response.headers.get('x-case-file-sha256')).toBe(sha(bytes));
    expect(manifest.chain).toMatchObject({ intact: true, legacy: 0, problems: [] });
    expect(manifest.chain.verified).toBe(10);
    // Each date counted again on the calendar from the stored clock agrees with the record.
    const dates = JSON.parse(new TextDecoder().decode(files['04-期限.json']));
    expect(dates.map((d: { what: string }) => d.what)).toEqual([
      '答复期限（条例第三十三条）',
      '补正期限（条例第三十条）',
      '征求意见期限（条例第三十二条、第三十四条）',
      expect.stringContaining('答复用时（计至交邮之日2026年10月21日）'),
    ]);
    expect(dates.every((d: { agrees: boolean }) => d.agrees)).toBe(true);
    expect(dates[1]).toMatchObject({ stored: '2026-10-13', derived: '2026-10-13' });
    expect(dates[2].stored).toMatch(/^2026-10-\d\d$/);
    expect(dates[2].derived).toBe(dates[2].stored);
    expect(manifest.mismatchedDates).toEqual([]);
    // The reply went by post; the receipt, the correction notice and the extension notice have no proof.
    const service = JSON.parse(new TextDecoder().decode(files['05-文书/送达.json']));
    expect(service.find((s: { title: string }) => s.title.includes('答复书')).served).toMatchObject({
      method: 'post',
      on: '2026-10-21',
      trackingNumber: 'RR123456789CN',
    });
    expect(manifest.unservedLetters).toHaveLength(3);
    const scan = Object.keys(files).find((p) => p.startsWith('05-文书/送达凭证/'));
    expect(new TextDecoder().decode(files[scan!])).toContain('postal receipt');
    expect(Object.keys(files).filter((p) => /^05-文书\/[^/]+\.pdf$/.test(p))).toHaveLength(5);
    expect(catalogue).toContain('政府信息公开申请答辩证据目录');
    expect(catalogue).toContain('哈希链完整');
    expect(catalogue).toContain('未记录送达的文书');
    const steps = JSON.parse(new TextDecoder().decode(files['03-办理记录.json']));
    expect(steps.find((s: { type: string }) => s.type === 'decideExtension')).toMatchObject({ by: '刘洋' });
  }, 120_000);

  it('reports a broken chain once an event is edited in the table afterwards, and records who took each export', async () => {
    // The table as an operator (or an intruder) reaches it, past the API.
    const { db, tableName } = await import('#lib/dynamo.ts');
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
        ExpressionAttributeValues: { ':pk': `APP#${n}`, ':event': 'EVENT#' },
      }),
    );
    const extension = Items.find((i) => i.type === 'decideExtension')!;
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: extension.pk, sk: extension.sk },
        UpdateExpression: 'SET #text = :text',
        ExpressionAttributeNames: { '#text': 'text' },
        ExpressionAttributeValues: { ':text': `${extension.text}（事后补记）` },
      }),
    );

    const { response, manifest, catalogue } = await exportCaseFile(n);

    expect(response.headers.get('x-case-file-chain')).toBe('broken');
    expect(manifest.chain.intact).toBe(false);
    expect(manifest.chain.problems).toEqual([expect.stringContaining('decideExtension）的内容与其哈希不符')]);
    expect(catalogue).toContain('哈希链断裂');
    const { Items: exports = [] } = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :export)',
        ExpressionAttributeValues: { ':pk': `APP#${n}`, ':export': 'EXPORT#' },
      }),
    );
    expect(exports).toHaveLength(2);
    expect(exports[1]).toMatchObject({
      by: 'lsh-reviewer',
      byName: '刘洋',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // Staff see the exports on the application.
    const detail = await (await call('lsh-handler', 'GET', `/api/staff/applications/${n}`)).json();
    expect(detail.caseFileExports).toEqual([
      expect.objectContaining({ by: 'lsh-reviewer', byName: '刘洋', purpose: '抚松县人民政府行政复议案件答辩' }),
      expect.objectContaining({ by: 'lsh-reviewer', byName: '刘洋' }),
    ]);
  }, 60_000);

  it('reports a letter or the application as received changed in the table after the step that wrote them', async () => {
    const { db, tableName } = await import('#lib/dynamo.ts');
    const m = (await submit(platform.url, personApplication())).body.receiptNumber;
    version = 1; // a new application's
    await step('lsh-handler', m, { type: 'confirmReceipt', identityConfirmed: true });
    const intact = await exportCaseFile(m);
    expect(intact.manifest.chain.intact).toBe(true);

    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :letter)',
        ExpressionAttributeValues: { ':pk': `APP#${m}`, ':letter': 'LETTER#' },
      }),
    );
    const letter = Items[0]!;
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: letter.pk, sk: letter.sk },
        UpdateExpression: 'SET issuedOn = :day',
        ExpressionAttributeValues: { ':day': '2026-01-05' },
      }),
    );
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: `APP#${m}`, sk: 'APP' },
        UpdateExpression: 'SET #request.title = :title',
        ExpressionAttributeNames: { '#request': 'request' },
        ExpressionAttributeValues: { ':title': '露水河镇 2025 年全部财政资料' },
      }),
    );

    const { response, manifest } = await exportCaseFile(m);
    expect(response.headers.get('x-case-file-chain')).toBe('broken');
    expect(manifest.chain.problems).toEqual([
      expect.stringContaining(`${letter.number}与发出时的哈希不符`),
      expect.stringContaining('收到时的申请（申请人、所需信息、附件）与记录时的哈希不符'),
    ]);
  }, 60_000);
});
