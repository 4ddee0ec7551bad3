import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personApplication, submit } from '../support/applications.ts';
import { signIn, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

async function requestUpload(
  contentType: string,
  fileName = '身份证明.pdf',
  size = 1000,
  formKey?: string,
  purpose = 'identity',
) {
  const response = await fetch(`${platform.url}/api/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ purpose, fileName, contentType, size, ...(formKey && { formKey }) }),
  });
  return { status: response.status, body: await response.json() };
}

async function uploadBytes(
  policy: { url: string; fields: Record<string, string> },
  bytes: Uint8Array<ArrayBuffer>,
  type: string,
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(policy.fields)) form.append(name, value);
  form.append('file', new Blob([bytes], { type }));
  return (await fetch(policy.url, { method: 'POST', body: form })).status;
}

const pdf = new TextEncoder().encode('%PDF-1.7\n%test\n');
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

describe('uploads by presigned POST', () => {
  it('issues a policy limited to one key, the declared type and 1 byte to 10 MB', async () => {
    const { status, body } = await requestUpload('application/pdf');
    const policy = JSON.parse(Buffer.from(body.fields.Policy, 'base64').toString('utf8'));

    expect(status).toBe(201);
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, 10 * 1024 * 1024],
        ['eq', '$Content-Type', 'application/pdf'],
        { key: `uploads/pending/${body.uploadId}` },
      ]),
    );
    expect(Date.parse(policy.expiration) - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
  });

  it('refuses other types and files over 10 MB, in Chinese', async () => {
    const [exe, huge] = await Promise.all([
      requestUpload('application/x-msdownload'),
      requestUpload('application/pdf', 'a.pdf', 10 * 1024 * 1024 + 1),
    ]);

    expect([exe.status, huge.status]).toEqual([400, 400]);
    expect(exe.body.message).toContain('只接受 PDF、JPEG 或 PNG 文件');
    expect(huge.body.message).toContain('10 MB');
  });

  it('links an uploaded file to the application under its receipt number', async () => {
    const { body: policy } = await requestUpload('application/pdf');
    expect(await uploadBytes(policy, pdf, 'application/pdf')).toBeLessThan(300);

    const { status, body } = await submit(platform.url, personApplication({ uploads: [policy.uploadId] }));
    const { s3 } = await import('#lib/s3.ts');
    const linked = await s3.send(
      new HeadObjectCommand({
        Bucket: platform.names.privateBucket,
        Key: `applications/${body.receiptNumber}/${policy.uploadId}`,
      }),
    );

    expect(status).toBe(201);
    expect(linked.ContentType).toBe('application/pdf');
  });

  it("reaches the handler with the application's 载体形式 and 获取方式, and opens for the agency's staff who see personal data only", async () => {
    const { body: policy } = await requestUpload('application/pdf', '王秀兰身份证.pdf');
    await uploadBytes(policy, pdf, 'application/pdf');
    const { body: receipt } = await submit(
      platform.url,
      personApplication({ uploads: [policy.uploadId], delivery: { medium: 'paper', method: 'post' } }),
    );
    const as = async (username: string, path = '') =>
      fetch(`${platform.url}/api/staff/applications/${receipt.receiptNumber}${path}`, {
        headers: { authorization: `Bearer ${await signIn(platform.url, username)}` },
      });

    const detail = await (await as('lsh-handler')).json();
    expect(detail.delivery).toEqual({ medium: '纸质文本', method: '邮寄' });
    expect(detail.uploads).toEqual([
      {
        id: policy.uploadId,
        purpose: '身份证明',
        fileName: '王秀兰身份证.pdf',
        contentType: 'application/pdf',
        size: pdf.length,
      },
    ]);
    const link = await (await as('lsh-handler', `/files/${policy.uploadId}`)).json();
    expect(link.inline).toBe(true);
    const opened = await fetch(link.url);
    expect(opened.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(new Uint8Array(await opened.arrayBuffer())).toEqual(pdf);

    // The county's oversight reads the case masked: no uploads listed, none opened; another agency finds nothing.
    expect((await (await as('fs-admin')).json()).uploads).toEqual([]);
    expect((await as('fs-admin', `/files/${policy.uploadId}`)).status).toBe(404);
    expect((await as('czj-handler', `/files/${policy.uploadId}`)).status).toBe(404);
    expect((await as('lsh-handler', '/files/..%2F..%2Fetc')).status).toBe(400);
  });

  it('come with a correction (补正材料), bound to the correction form that uploaded them, and reach the handler', async () => {
    const { body: receipt } = await submit(platform.url, personApplication());
    const handler = await signIn(platform.url, 'lsh-handler');
    const act = (version: number, action: unknown) =>
      fetch(`${platform.url}/api/staff/applications/${receipt.receiptNumber}/actions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${handler}`, 'content-type': 'application/json' },
        body: JSON.stringify({ version, action }),
      });
    expect((await act(1, { type: 'confirmReceipt' })).status).toBe(200);
    expect((await act(2, { type: 'requestCorrection', items: ['请提供身份证明'], periodDays: 10 })).status).toBe(200);
    const { body: policy } = await requestUpload(
      'image/png',
      '身份证正面.png',
      png.length,
      'correction-form-0001',
      'correction',
    );
    expect(policy.fields).toBeDefined();
    await uploadBytes(policy, png, 'image/png');
    const correct = (body: unknown) =>
      fetch(`${platform.url}/api/applications/${receipt.receiptNumber}/correction`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-query-code': receipt.queryCode },
        body: JSON.stringify(body),
      });

    // Another form's key cannot link the file; the step is not taken.
    const stranger = await correct({ text: '附身份证明。', uploads: [policy.uploadId], formKey: 'another-form-0001' });
    expect(stranger.status).toBe(400);
    expect((await stranger.json()).errors[0].field).toBe('body.uploads');
    const corrected = await correct({
      text: '附身份证明。',
      uploads: [policy.uploadId],
      formKey: 'correction-form-0001',
    });
    expect(corrected.status).toBe(200);
    expect((await corrected.json()).timeline.at(-1).text).toContain('附补正材料：身份证正面.png');

    const detail = await (
      await fetch(`${platform.url}/api/staff/applications/${receipt.receiptNumber}`, {
        headers: { authorization: `Bearer ${handler}` },
      })
    ).json();
    expect(detail.uploads).toEqual([
      expect.objectContaining({ id: policy.uploadId, purpose: '补正材料', fileName: '身份证正面.png' }),
    ]);
    const { s3 } = await import('#lib/s3.ts');
    const linked = await s3.send(
      new HeadObjectCommand({
        Bucket: platform.names.privateBucket,
        Key: `applications/${receipt.receiptNumber}/${policy.uploadId}`,
      }),
    );
    expect(linked.ContentType).toBe('image/png');
  });

  it('refuses a file whose content does not match its declared type, and stores no application', async () => {
    const { body: policy } = await requestUpload('application/pdf');
    await uploadBytes(policy, png, 'application/pdf');

    const { status, body } = await submit(platform.url, personApplication({ uploads: [policy.uploadId] }));

    expect(status).toBe(400);
    expect(body.message).toContain('与其声明的类型不符');
  });

  it('links an upload once, and only from the form that asked for it', async () => {
    const { body: policy } = await requestUpload('application/pdf', '身份证明.pdf', 1000, 'form-key-owner-0001');
    await uploadBytes(policy, pdf, 'application/pdf');

    // Someone who learned the upload's id, from another form.
    const stranger = await submit(
      platform.url,
      personApplication({ uploads: [policy.uploadId], request: { title: '借用他人附件' } }),
      { 'idempotency-key': 'form-key-other-0001' },
    );
    expect(stranger.status).toBe(400);
    expect(stranger.body.message).toContain('附件：有附件未上传成功或已过期');

    const own = await submit(platform.url, personApplication({ uploads: [policy.uploadId] }), {
      'idempotency-key': 'form-key-owner-0001',
    });
    expect(own.status).toBe(201);
    const { s3 } = await import('#lib/s3.ts');
    const pending = await s3
      .send(new HeadObjectCommand({ Bucket: platform.names.privateBucket, Key: `uploads/pending/${policy.uploadId}` }))
      .then(
        () => 'still there',
        () => 'removed',
      );
    expect(pending).toBe('removed');

    // The same form's key cannot carry it into a second application either (different content).
    const again = await submit(
      platform.url,
      personApplication({ uploads: [policy.uploadId], request: { title: '第二份申请' } }),
      { 'idempotency-key': 'form-key-owner-0002' },
    );
    expect(again.status).toBe(400);
  });
});
