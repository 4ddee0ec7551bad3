/**
 * 表述检查 before anything goes public (issue 42): a 严重表述错误 in a publication's title, body or
 * attachment, a column page or an annual report's text is found when the draft is saved and when it
 * is submitted, shown with its place, the wrong form and the right one, and holds approval as a
 * 个人信息检查 finding does (corrected, or kept by the reviewer with a reason); a lesser wording is a
 * warning that holds nothing. The daily sweep checks what was published under older rules. Each rule
 * has a planted defect and a clean control.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { actingAs } from '../../cdk/local/table-access.ts';
import { jobOutcome } from '../support/jobs.ts';
import { signIn, staffCall, startTestPlatform } from '../support/platform.ts';
import { publicationContent, publisher } from '../support/publications.ts';
import { landingBefore, transactionWith } from '../support/table.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let staff: ReturnType<typeof publisher>;
beforeAll(async () => {
  platform = await startTestPlatform();
  staff = publisher(platform.url);
});
afterAll(() => platform?.stop());
afterEach(() => void vi.useRealTimers());

const actions = (id: string) => `/api/staff/publications/${id}/actions`;
const approval = { type: 'approve', secrecyCheck: '经审查，不涉及国家秘密和个人隐私，同意公开。' };
const expressionsOf = (findings: any[]) => findings.filter((f) => f.kind === 'expression');

describe('a publication', () => {
  it('shows a wrong title in the draft with its place and right form, and publishes once it is corrected', async () => {
    const content = publicationContent({ title: '关于学习国务院总里讲话精神的通知' });
    const created = await staff.call('handler', 'POST', '/api/staff/publications', content);
    expect(created.status).toBe(201);

    const draft = (await staff.call('handler', 'GET', `/api/staff/publications/${created.body.id}`)).body;
    expect(draft.draftCheck.findings).toMatchObject([
      {
        kind: 'expression',
        kindLabel: '严重表述错误（领导人姓名、职务和机构名称）',
        where: { field: 'title' },
        whereText: '标题',
        expression: { severity: 'serious', wrong: '国务院总里', right: '国务院总理' },
      },
    ]);
    expect(draft.draftCheck.summary).toContain('表述检查：严重表述错误 1 处，请改正');

    const corrected = await staff.step(created.body.id, draft.version, {
      type: 'edit',
      content: { ...content, title: '关于学习国务院总理讲话精神的通知' },
    });
    const clean = (await staff.call('handler', 'GET', `/api/staff/publications/${created.body.id}`)).body;
    expect(clean.draftCheck.findings).toEqual([]);
    const submitted = await staff.step(created.body.id, corrected.version, { type: 'submit' });
    const published = await staff.step(created.body.id, submitted.version, approval, 'reviewer');
    expect(published.status).toBe('published');
  });

  it('held at approval with a 严重表述错误 in its body, until the reviewer keeps it with a reason', async () => {
    const created = await staff.call(
      'handler',
      'POST',
      '/api/staff/publications',
      publicationContent({ bodyHtml: '<p>为贯彻落实国务院总里在全国会议上的讲话精神，现通知如下。</p>' }),
    );
    await staff.step(created.body.id, created.body.version, { type: 'submit' });
    const detail = await staff.privacyChecked(created.body.id);
    expect(detail.privacy).toMatchObject({ state: 'done', open: 1 });
    expect(detail.privacyFindings).toMatchObject([
      { id: '1', kind: 'expression', whereText: '正文', expression: { wrong: '国务院总里', right: '国务院总理' } },
    ]);
    expect(detail.privacyFindings[0].excerpt).toContain('国务院总里');

    const refused = await staff.call('reviewer', 'POST', actions(created.body.id), {
      version: detail.version,
      action: approval,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('checks-failed');
    expect(refused.body.message).toContain('表述检查发现 1 项尚未处理');
    expect(refused.body.message).toContain('「国务院总里」应为「国务院总理」');

    const kept = await staff.step(
      created.body.id,
      detail.version,
      { type: 'acknowledge', acknowledgements: [{ id: '1', reason: '引用原件原文，原件如此，不作改动' }] },
      'reviewer',
    );
    const published = await staff.step(created.body.id, kept.version, approval, 'reviewer');
    expect(published.status).toBe('published');
    const { body } = await staff.call('reviewer', 'GET', `/api/staff/publications/${created.body.id}`);
    const timeline = body.events.map((e: { text: string }) => e.text).join('\n');
    expect(timeline).toContain('表述检查：严重表述错误 1 处待审核人处理');
    expect(timeline).toContain('确认保留表述 1 项：第 1 项 正文：严重表述错误');
    expect(timeline).toContain('理由：引用原件原文，原件如此，不作改动');
  });

  it('with a lesser wording only is published with the warning shown, and a clean one has no finding', async () => {
    const warned = await staff.call(
      'handler',
      'POST',
      '/api/staff/publications',
      publicationContent({ bodyHtml: '<p>截止目前，全镇已完成危房改造 36 户。</p>' }),
    );
    await staff.step(warned.body.id, warned.body.version, { type: 'submit' });
    const detail = await staff.privacyChecked(warned.body.id);
    expect(detail.privacy.open).toBe(0);
    expect(expressionsOf(detail.privacyFindings)).toMatchObject([
      { kindLabel: expect.stringMatching(/^表述提示/), expression: { severity: 'warning', wrong: '截止目前' } },
    ]);
    expect(detail.privacy.summary).toContain('表述提示 1 处');
    expect((await staff.step(warned.body.id, detail.version, approval, 'reviewer')).status).toBe('published');

    const control = await staff.publish(publicationContent());
    const { body } = await staff.call('reviewer', 'GET', `/api/staff/publications/${control.id}`);
    expect(body.privacyFindings).toEqual([]);
  });

  it("reads an attachment's text once, for both checks, and names the file", async () => {
    const document = async (text: string) =>
      new Uint8Array(
        await Packer.toBuffer(
          new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun(text)] })] }] }),
        ),
      );
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    const wrong = await staff.upload('学习材料.docx', docx, await document('会议传达了国务院总里的重要讲话。'));
    const right = await staff.upload('会议纪要.docx', docx, await document('会议传达了国务院总理的重要讲话。'));
    const created = await staff.call(
      'handler',
      'POST',
      '/api/staff/publications',
      publicationContent({ attachments: [wrong, right] }),
    );
    await staff.step(created.body.id, created.body.version, { type: 'submit' });
    const detail = await staff.privacyChecked(created.body.id);
    expect(expressionsOf(detail.privacyFindings)).toMatchObject([
      {
        where: { field: 'attachment', fileName: '学习材料.docx' },
        expression: { severity: 'serious', wrong: '国务院总里' },
      },
    ]);
    expect(detail.privacy.open).toBe(1);
  });
});

describe('a column page', () => {
  it('is refused with a 严重表述错误 unless kept with a reason, and saved when clean', async () => {
    const current = await staff.call('admin', 'GET', '/api/staff/site/pages/rules');
    const html = '<p>本机关认真落实国务院总里关于政务公开的部署。</p>';
    const refused = await staff.call('admin', 'PUT', '/api/staff/site/pages/rules', {
      html,
      version: current.body.version,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('表述检查发现 1 项，未保存');
    expect(refused.body.message).toContain('「国务院总里」应为「国务院总理」');
    // The refusal carries its findings, for the console to show each and ask for a reason.
    expect(refused.body.findings).toEqual([
      expect.objectContaining({
        id: '1',
        kind: 'expression',
        whereText: expect.stringContaining('政府信息公开制度'),
        expression: expect.objectContaining({ severity: 'serious', wrong: '国务院总里', right: '国务院总理' }),
        excerpt: expect.stringContaining('国务院总里'),
      }),
    ]);
    expect(refused.body.findings[0].acknowledged).toBeUndefined();
    const kept = await staff.call('admin', 'PUT', '/api/staff/site/pages/rules', {
      html,
      version: current.body.version,
      privacyAcknowledgements: [{ id: '1', reason: '引用文件原文，经核对原件如此' }],
    });
    expect(kept.status).toBe(200);
    // The saved page records who kept what, and says so when it is read again.
    const keptBy = { by: 'lsh-admin', reason: '引用文件原文，经核对原件如此' };
    expect(kept.body.findings).toEqual([
      expect.objectContaining({ id: '1', acknowledged: expect.objectContaining(keptBy) }),
    ]);
    const read = await staff.call('admin', 'GET', '/api/staff/site/pages/rules');
    expect(read.body.findings).toEqual([
      expect.objectContaining({ id: '1', acknowledged: expect.objectContaining(keptBy) }),
    ]);
    const clean = await staff.call('admin', 'PUT', '/api/staff/site/pages/rules', {
      html: html.replace('总里', '总理'),
      version: kept.body.version,
    });
    expect(clean.status).toBe(200);
    expect(clean.body.findings).toEqual([]);
  });
});

/** As an item published before 表述检查: its check of older rules, and `body` as its published text. */
async function publishedUnderOlderRules(id: string, body: string) {
  const [{ db, tableName }, keys] = await Promise.all([import('#lib/dynamo.ts'), import('#store/keys.ts')]);
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.publication(id),
      UpdateExpression: 'SET privacy.#key = :older, published.content.bodyHtml = :body',
      ExpressionAttributeNames: { '#key': 'key' },
      ExpressionAttributeValues: { ':older': '3:older', ':body': body },
    }),
  );
}

describe('what was published under older rules', () => {
  it('is checked by the sweep and listed for the reviewer; a clean item is not', { timeout: 120_000 }, async () => {
    const [old, control] = [
      await staff.publish(publicationContent({ title: '2019年工作要点' })),
      await staff.publish(publicationContent({ title: '2019年工作总结' })),
    ];
    await publishedUnderOlderRules(old.id, '<p>认真学习国务院总里在座谈会上的讲话。</p>');
    await publishedUnderOlderRules(control.id, '<p>认真学习国务院总理在座谈会上的讲话。</p>');

    const response = await fetch(`${platform.url}/api/dev/privacy-sweep`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fromStart: true }),
    });
    const run = await response.json();
    const job = await jobOutcome(platform.url, await signIn(platform.url, 'fs-admin'), run.id);
    expect(job).toMatchObject({ state: 'done', result: { withFindings: 1 } });
    expect(job.result.checked).toBeGreaterThanOrEqual(2);

    const listed = (await staff.call('reviewer', 'GET', '/api/staff/privacy')).body.items;
    expect(listed.find((i: { id: string }) => i.id === old.id)).toMatchObject({
      by: 'sweep',
      open: [{ kind: 'expression', whereText: '正文', expression: { wrong: '国务院总里', right: '国务院总理' } }],
    });
    expect(listed.map((i: { id: string }) => i.id)).not.toContain(control.id);
  });
  it("is not undone by a step taken while the sweep saves the item's check", async () => {
    // The sweep saves its check of the published version without moving the item's version: a
    // revision that read the item before and writes after must not put the older check back.
    const { privacyKinds } = await import('../../functions/privacy/run.ts');
    const item = await staff.publish(publicationContent({ title: '2018年工作要点' }));
    await publishedUnderOlderRules(item.id, '<p>认真学习国务院总里在座谈会上的讲话。</p>');
    const before = (await staff.call('handler', 'GET', `/api/staff/publications/${item.id}`)).body;
    const sweep = { id: 'sweep-mid-step', kind: 'privacySweep', params: { fromStart: true }, progress: {}, by: 'test' };
    const { answer: revised, meanwhile: swept } = await landingBefore(
      transactionWith('"revising"'),
      () =>
        actingAs('privacy', () =>
          privacyKinds.privacySweep(
            sweep as never,
            () => true,
            async () => undefined,
          ),
        ),
      () => staff.call('handler', 'POST', actions(item.id), { version: before.version, action: { type: 'revise' } }),
    );
    expect(revised.status).toBe(200);
    expect(swept).toHaveLength(1);
    const listed = (await staff.call('reviewer', 'GET', '/api/staff/privacy')).body.items;
    expect(listed.find((i: { id: string }) => i.id === item.id)).toMatchObject({
      by: 'sweep',
      open: [{ kind: 'expression', expression: { wrong: '国务院总里' } }],
    });
    const after = (await staff.call('reviewer', 'GET', `/api/staff/publications/${item.id}`)).body;
    expect(after.status).toBe('revising');
    expect(after.privacy.open).toBe(1);
  });
});

// Last: it sets the platform's clock to the report season, which the renderer's leases would not outlive.
describe("an annual report's text", () => {
  const entries = (one: string, version: number) => ({
    sections: { 一: one, 五: '一是信息更新不够及时。\n二是将加强培训。', 六: '无其他需要报告的事项。' },
    figures: {
      '行政许可:本年处理决定数量': { value: 126, source: '镇便民服务中心审批台账' },
      '行政处罚:本年处理决定数量': { value: 8, source: '镇综合行政执法队' },
      '行政强制:本年处理决定数量': { value: 0, source: '镇综合行政执法队' },
      '行政事业性收费:本年收费金额（单位：万元）': { value: 1.25, source: '镇财政所' },
    },
    notApplicable: ['table2:规章:本年制发件数', 'table2:规章:本年废止件数', 'table2:规章:现行有效件数'],
    version,
  });

  it('with a 严重表述错误 is refused at submission, a lesser wording shown; corrected, it goes', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-01-16T01:00:00Z') });
    const handler = await signIn(platform.url, 'lsh-handler');
    const call = (method: string, path: string, body?: unknown) => staffCall(platform.url, handler, method, path, body);
    const wrong = '2025年，露水河镇人民政府认真贯彻国务院总里关于政务公开的要求。\n截止目前，全年主动公开政府信息。';
    const saved = await call('PUT', '/api/reports/lushuihe/2025', entries(wrong, 0));
    expect(saved.status).toBe(200);
    expect(saved.body.checks.errors).toMatchObject([
      { rule: '表述检查', cell: 'section:一', message: expect.stringContaining('「国务院总里」应为「国务院总理」') },
    ]);
    expect(saved.body.checks.warnings).toMatchObject([
      { rule: '表述检查', cell: 'section:一', message: expect.stringContaining('截止目前') },
    ]);
    const refused = await call('POST', '/api/reports/lushuihe/2025/actions', {
      version: saved.body.version,
      action: { type: 'submit' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: 'section:一', message: expect.stringContaining('严重表述错误') }]);

    const fixed = await call(
      'PUT',
      '/api/reports/lushuihe/2025',
      entries(wrong.replace('总里', '总理'), saved.body.version),
    );
    expect(fixed.body.checks.errors).toEqual([]);
    const submitted = await call('POST', '/api/reports/lushuihe/2025/actions', {
      version: fixed.body.version,
      action: { type: 'submit' },
    });
    expect(submitted.status).toBe(200);
  });
});
