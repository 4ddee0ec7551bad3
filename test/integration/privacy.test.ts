/**
 * 个人信息检查 through the API, over real sockets: a submission's text and attachments checked (the
 * attachments by the privacy function's job), approval refused while a finding is open, findings
 * acknowledged with reasons or the draft returned, all on the timeline; the daily sweep over what
 * was published before; the reviewer's and the county's lists; column pages checked on save.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailySweepId, reviewRules } from '#core/privacy.ts';
import { jobOutcome } from '../support/jobs.ts';
import { signIn, startTestPlatform } from '../support/platform.ts';
import { bankCard, idNumber, mobile, privacyFiles, seeded } from '../support/privacy-corpus.ts';
import { publicationContent, publisher } from '../support/publications.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let staff: ReturnType<typeof publisher>;
beforeAll(async () => {
  platform = await startTestPlatform();
  staff = publisher(platform.url);
});
afterAll(() => platform?.stop());

const rng = seeded(18);
const actions = (id: string) => `/api/staff/publications/${id}/actions`;

const upload = (fileName: string, contentType: string, bytes: Uint8Array) => staff.upload(fileName, contentType, bytes);

async function submitted(content: Record<string, unknown>) {
  const created = await staff.call('handler', 'POST', '/api/staff/publications', content);
  expect(created.status).toBe(201);
  await staff.step(created.body.id, created.body.version, { type: 'submit' });
  return created.body.id as string;
}

describe('a submission with personal data in its text', () => {
  it('is held at approval until each finding is acknowledged with a reason, and the timeline says so', async () => {
    const id = idNumber(rng);
    const phone = mobile(rng);
    const item = await submitted(
      publicationContent({
        title: '关于2026年城乡居民最低生活保障对象的公示',
        bodyHtml: `<p>张秀英，身份证号码：${id}，联系电话：${phone}，月保障金 420 元。</p><p>监督电话：0439-6222345。</p>`,
      }),
    );

    const detail = await staff.privacyChecked(item);
    expect(detail.privacy).toMatchObject({ state: 'done', current: true, open: 2 });
    expect(detail.privacyFindings).toMatchObject([
      {
        id: '1',
        kind: 'idNumber',
        kindLabel: '居民身份证号码',
        where: { field: 'body' },
        whereText: '正文',
        name: '张秀英',
      },
      { id: '2', kind: 'mobile', where: { field: 'body' }, name: '张秀英' },
    ]);
    // The excerpt shows where it is, never the number itself; the landline is not a finding.
    const everything = JSON.stringify(detail.privacyFindings);
    expect(everything).not.toContain(id);
    expect(everything).not.toContain(phone);
    expect(detail.privacyFindings[0].excerpt).toContain(`${id.slice(0, 4)}**********${id.slice(-4)}`);
    expect(detail.actions.map((a: { type: string }) => a.type)).toEqual(['approve', 'return', 'acknowledge']);

    const refused = await staff.call('reviewer', 'POST', actions(item), {
      version: detail.version,
      action: { type: 'approve', secrecyCheck: '不涉密，同意公开。' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('checks-failed');
    expect(refused.body.message).toContain('个人信息检查发现 2 项尚未处理');
    expect(refused.body.message).not.toContain(id);

    const withoutReason = await staff.call('reviewer', 'POST', actions(item), {
      version: detail.version,
      action: { type: 'acknowledge', acknowledgements: [{ id: '1', reason: '' }] },
    });
    expect(withoutReason.status).toBe(400);
    expect(withoutReason.body.errors[0].field).toContain('acknowledgements');
    const byHandler = await staff.call('handler', 'POST', actions(item), {
      version: detail.version,
      action: { type: 'acknowledge', acknowledgements: [{ id: '1', reason: '公示须列明对象身份' }] },
    });
    expect(byHandler.status).toBe(403);

    const one = await staff.step(
      item,
      detail.version,
      { type: 'acknowledge', acknowledgements: [{ id: '1', reason: '低保公示须列明对象身份（民政部门要求）' }] },
      'reviewer',
    );
    const stillOpen = await staff.call('reviewer', 'POST', actions(item), {
      version: one.version,
      action: { type: 'approve', secrecyCheck: '不涉密，同意公开。' },
    });
    expect(stillOpen.status).toBe(409);
    expect(stillOpen.body.message).toContain('1 项');
    const again = await staff.call('reviewer', 'POST', actions(item), {
      version: one.version,
      action: { type: 'acknowledge', acknowledgements: [{ id: '1', reason: '再次确认公开此项' }] },
    });
    expect(again.status).toBe(409);

    const both = await staff.step(
      item,
      one.version,
      { type: 'acknowledge', acknowledgements: [{ id: '2', reason: '联系人同意公开其电话' }] },
      'reviewer',
    );
    const published = await staff.step(
      item,
      both.version,
      { type: 'approve', secrecyCheck: '不涉密，同意公开。' },
      'reviewer',
    );
    expect(published.status).toBe('published');

    const { body } = await staff.call('reviewer', 'GET', `/api/staff/publications/${item}`);
    expect(body.privacyFindings.map((f: any) => f.acknowledged)).toMatchObject([
      { by: 'lsh-reviewer', reason: '低保公示须列明对象身份（民政部门要求）' },
      { by: 'lsh-reviewer', reason: '联系人同意公开其电话' },
    ]);
    const timeline = body.events.map((e: { text: string }) => e.text).join('\n');
    expect(timeline).toContain('个人信息检查：发现 2 项待审核人处理（居民身份证号码 1 处，手机号码 1 处）');
    expect(timeline).toContain('确认公开个人信息 1 项：第 1 项 正文：居民身份证号码（张秀英）');
    expect(timeline).toContain('理由：联系人同意公开其电话');
    expect(timeline).not.toContain(id);
  });

  it('goes back to the handler when the reviewer returns it, and is checked afresh when submitted again', async () => {
    const card = bankCard(rng);
    const item = await submitted(publicationContent({ summary: `补贴发放至社保卡 ${card}。` }));
    const detail = await staff.privacyChecked(item);
    expect(detail.privacyFindings).toMatchObject([{ kind: 'bankCard', whereText: '内容概述' }]);
    const returned = await staff.step(
      item,
      detail.version,
      { type: 'return', comments: '请删除社保卡号后重新提交。' },
      'reviewer',
    );
    const edited = await staff.step(item, returned.version, {
      type: 'edit',
      content: publicationContent({ summary: '补贴已发放至各户社保卡。' }),
    });
    const again = await staff.step(item, edited.version, { type: 'submit' });
    const clean = await staff.privacyChecked(item);
    expect(clean.privacy).toMatchObject({ state: 'done', current: true, open: 0 });
    expect(clean.privacyFindings).toEqual([]);
    await staff.step(item, again.version, { type: 'approve', secrecyCheck: '同意公开。' }, 'reviewer');
  });
});

describe('an item submitted before the guard', () => {
  it('is checked when the reviewer first tries to approve it, and approved once that is done', async () => {
    const item = await submitted(publicationContent());
    const [{ db, tableName }, keys] = await Promise.all([import('#lib/dynamo.ts'), import('#store/keys.ts')]);
    await db.send(
      new UpdateCommand({ TableName: tableName, Key: keys.publication(item), UpdateExpression: 'REMOVE privacy' }),
    );
    const before = await staff.call('reviewer', 'GET', `/api/staff/publications/${item}`);
    expect(before.body.privacy).toBeNull();
    // Not by whoever may not approve it: the handler is refused for the role, and nothing is written.
    const byHandler = await staff.call('handler', 'POST', actions(item), {
      version: before.body.version,
      action: { type: 'approve', secrecyCheck: '同意。' },
    });
    expect(byHandler.status).toBe(403);
    const first = await staff.call('reviewer', 'POST', actions(item), {
      version: before.body.version,
      action: { type: 'approve', secrecyCheck: '同意。' },
    });
    expect(first.status).toBe(409);
    expect(first.body).toMatchObject({
      code: 'in-progress',
      message: expect.stringContaining('已按现行规则重新进行个人信息检查'),
    });
    const checked = await staff.privacyChecked(item);
    expect(checked.privacy).toMatchObject({ state: 'done', current: true, open: 0 });
    expect(checked.version).toBe(before.body.version + 1);
    await staff.step(item, checked.version, { type: 'approve', secrecyCheck: '同意。' }, 'reviewer');
  });
});

describe('attachments', () => {
  it('are read by the privacy function: findings name the file and its cell, an image is to be checked by eye', async () => {
    const files = await privacyFiles();
    const workbook = files.find((f) => f.fileName.endsWith('.xlsx'))!;
    const pdf = files.find((f) => f.fileName.startsWith('butie-') && f.planted.length)!;
    const ids = [
      await upload('高龄补贴发放花名册.xlsx', workbook.contentType, workbook.bytes),
      await upload('补贴公示.pdf', pdf.contentType, pdf.bytes),
      await upload('现场照片.png', 'image/png', files.find((f) => f.fileName.endsWith('.png'))!.bytes),
    ];
    // The privacy function held still: approval waits for it, then it reads the files.
    platform.pauseWorkers(true);
    let item: string;
    try {
      item = await submitted(publicationContent({ attachments: ids }));
      const early = await staff.call('reviewer', 'GET', `/api/staff/publications/${item}`);
      expect(early.body.privacy).toMatchObject({ state: 'scanning', current: true });
      const waiting = await staff.call('reviewer', 'POST', actions(item), {
        version: early.body.version,
        action: { type: 'approve', secrecyCheck: '同意。' },
      });
      expect(waiting.status).toBe(409);
      expect(waiting.body.code).toBe('in-progress');
    } finally {
      platform.pauseWorkers(false);
    }
    const detail = await staff.privacyChecked(item);
    const findings = detail.privacyFindings as any[];
    const inWorkbook = findings.filter((f) => f.where.fileName === '高龄补贴发放花名册.xlsx');
    expect(inWorkbook).toHaveLength(workbook.planted.length);
    expect(inWorkbook[0]).toMatchObject({ kind: 'idNumber', where: { field: 'attachment', cell: 'C3' } });
    expect(inWorkbook[0].whereText).toMatch(/^附件「高龄补贴发放花名册.xlsx」 工作表 .+!C3$/);
    expect(findings.filter((f) => f.where.fileName === '补贴公示.pdf')).toHaveLength(pdf.planted.length);
    expect(findings.find((f) => f.where.fileName === '补贴公示.pdf').where.page).toBe(1);
    expect(findings.find((f) => f.where.fileName === '现场照片.png')).toMatchObject({
      kind: 'unchecked',
      reason: '图片中未能识别出文字（可能是照片或手写），请人工核对',
    });
    expect(detail.privacy.open).toBe(findings.length);
    expect(detail.events.at(-1)).toMatchObject({ actor: '系统', actorName: '个人信息检查' });
    expect(detail.events.at(-1).text).toContain('附件已读取');
    for (const planted of [...workbook.planted, ...pdf.planted])
      expect(JSON.stringify(findings)).not.toContain(planted.digits);
  });
});

describe('what was published before the guard', () => {
  it('is checked by the daily sweep in bounded batches and listed for the reviewer and the county', async () => {
    const id = idNumber(rng);
    const old = await staff.publish(publicationContent({ title: '2018年危房改造补助对象名单' }));
    // As an item published before the guard existed: no check recorded, a number in its published text.
    const [{ db, tableName }, keys] = await Promise.all([import('#lib/dynamo.ts'), import('#store/keys.ts')]);
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.publication(old.id),
        UpdateExpression: 'REMOVE privacy SET published.content.bodyHtml = :body',
        ExpressionAttributeValues: { ':body': `<p>李桂兰 ${id} 补助 12000 元</p>` },
      }),
    );

    const sweep = await (await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' })).json();
    expect(sweep.privacy).toEqual({ started: true });
    const admin = await signIn(platform.url, 'fs-admin');
    const job = await jobOutcome(platform.url, admin, dailySweepId(sweep.today));
    expect(job).toMatchObject({ state: 'done', result: { withFindings: 1 } });
    expect(job.result.checked).toBeGreaterThanOrEqual(1);
    // It keeps its place: the next day's run starts after the last item it read.
    const { getSweepPlace } = await import('#store/privacy.ts');
    const { readListingSequence } = await import('#store/listings.ts');
    expect(await getSweepPlace()).toEqual({ after: await readListingSequence('county'), rules: reviewRules() });
    // A second run the same day starts nothing; the next day's reads on from where this one stopped.
    expect((await (await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' })).json()).privacy).toEqual({
      started: false,
    });

    // The reviewer's list: this item, and what waits in review with a finding open (the attachments' test's item).
    const own = await staff.call('reviewer', 'GET', '/api/staff/privacy');
    expect(own.body.items.map((i: { statusLabel: string }) => i.statusLabel).sort()).toEqual(['已发布', '待审核']);
    expect(own.body.items.find((i: { id: string }) => i.id === old.id)).toMatchObject({
      id: old.id,
      by: 'sweep',
      statusLabel: '已发布',
      open: [{ kind: 'idNumber', name: '李桂兰', whereText: '正文' }],
    });
    const county = publisher(platform.url, 'fs');
    const countyList = await county.call('reviewer', 'GET', '/api/staff/privacy?scope=county');
    expect(countyList.body.items.map((i: { id: string }) => i.id)).toContain(old.id);
    expect(countyList.body.items.find((i: { id: string }) => i.id === old.id).agencyName).toBe('露水河镇人民政府');
    expect((await county.call('reviewer', 'GET', '/api/staff/privacy')).body.items).toEqual([]);
    expect((await staff.call('reviewer', 'GET', '/api/staff/privacy?scope=county')).status).toBe(403);

    const detail = await staff.call('reviewer', 'GET', `/api/staff/publications/${old.id}`);
    expect(detail.body.actions.map((a: { type: string }) => a.type)).toContain('acknowledge');
    await staff.step(
      old.id,
      detail.body.version,
      { type: 'acknowledge', acknowledgements: [{ id: '1', reason: '名单依规定公示，已届满后撤下' }] },
      'reviewer',
    );
    const after = await staff.call('reviewer', 'GET', '/api/staff/privacy');
    expect(after.body.items.map((i: { id: string }) => i.id)).not.toContain(old.id);
  });

  it("can be run now on the local platform, after the day's run, from the beginning of the listing", async () => {
    // The day's run has been claimed: the daily sweep starts no second one.
    await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' });
    expect((await (await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' })).json()).privacy).toEqual({
      started: false,
    });
    // An item the day's run already read (before its place in the listing), changed since as an import would.
    const phone = mobile(rng);
    const earlier = await staff.publish(publicationContent({ title: '2019年农村低保对象名单' }));
    const { putSweepPlace } = await import('#store/privacy.ts');
    const { readListingSequence } = await import('#store/listings.ts');
    await putSweepPlace({ after: await readListingSequence('county'), rules: reviewRules() });
    const [{ db, tableName }, keys] = await Promise.all([import('#lib/dynamo.ts'), import('#store/keys.ts')]);
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.publication(earlier.id),
        UpdateExpression: 'REMOVE privacy SET published.content.bodyHtml = :body',
        ExpressionAttributeValues: { ':body': `<p>赵春梅 联系电话 ${phone}</p>` },
      }),
    );

    const response = await fetch(`${platform.url}/api/dev/privacy-sweep`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fromStart: true }),
    });
    expect(response.status).toBe(202);
    const run = await response.json();
    expect(run).toMatchObject({ started: true, kind: 'privacySweep', href: `/api/staff/jobs/${run.id}` });
    const job = await jobOutcome(platform.url, await signIn(platform.url, 'fs-admin'), run.id);
    expect(job).toMatchObject({ state: 'done', result: { checked: 1, withFindings: 1 } });
    const own = await staff.call('reviewer', 'GET', '/api/staff/privacy');
    expect(own.body.items.find((i: { id: string }) => i.id === earlier.id)).toMatchObject({
      by: 'sweep',
      open: [{ kind: 'mobile', name: '赵春梅' }],
    });
    expect(JSON.stringify(own.body)).not.toContain(phone);
    // Another run now is another job, not refused by the day's claim.
    const again = await (await fetch(`${platform.url}/api/dev/privacy-sweep`, { method: 'POST' })).json();
    expect(again.id).not.toBe(run.id);
    expect((await jobOutcome(platform.url, await signIn(platform.url, 'fs-admin'), again.id)).result).toMatchObject({
      checked: 0,
    });
  });
});

describe('column pages', () => {
  it('are checked before they are saved: a finding refused, kept only with a reason', async () => {
    const phone = mobile(rng);
    const html = `<p>联系人：王芳，手机 ${phone}。</p>`;
    const current = await staff.call('admin', 'GET', '/api/staff/site/pages/guide');
    const refused = await staff.call('admin', 'PUT', '/api/staff/site/pages/guide', {
      html,
      version: current.body.version,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('checks-failed');
    expect(refused.body.message).toContain('第 1 项 页面「政府信息公开指南」：手机号码（王芳）');
    expect(refused.body.message).not.toContain(phone);
    const saved = await staff.call('admin', 'PUT', '/api/staff/site/pages/guide', {
      html,
      version: current.body.version,
      privacyAcknowledgements: [{ id: '1', reason: '信息公开工作机构的办公电话，应当公开' }],
    });
    expect(saved.status).toBe(200);
  });
});

describe('repeat requests', () => {
  it("show the handler the same applicant's similar requests of the last 12 months, and not another's or a different one", async () => {
    const { personApplication, submit } = await import('../support/applications.ts');
    const applicant = { ...personApplication().applicant, idNumber: idNumber(rng), name: '周桂芳' };
    const request = (title: string, description: string) => ({ title, description });
    const first = await submit(
      platform.url,
      personApplication({
        applicant,
        request: request('露水河镇2025年危房改造补助资金发放情况', '补助对象名单及每户补助金额'),
      }),
    );
    const unrelated = await submit(
      platform.url,
      personApplication({ applicant, request: request('露水河镇集贸市场摊位租赁合同', '2024年签订的租赁合同文本') }),
    );
    const other = await submit(
      platform.url,
      personApplication({ request: request('露水河镇2025年危房改造补助资金发放情况', '补助对象名单及每户补助金额') }),
    );
    const again = await submit(
      platform.url,
      personApplication({
        applicant,
        request: request('2025年露水河镇危房改造补助资金的发放情况', '补助对象名单和每户的补助金额'),
      }),
    );
    for (const r of [first, unrelated, other, again]) expect(r.status).toBe(201);

    const handlerToken = await signIn(platform.url, 'lsh-handler');
    const detail = async (token: string, number: string) =>
      (
        await fetch(`${platform.url}/api/staff/applications/${number}`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json();
    const seen = await detail(handlerToken, again.body.receiptNumber);
    expect(seen.similarEarlier).toHaveLength(1);
    expect(seen.similarEarlier[0]).toMatchObject({
      receiptNumber: first.body.receiptNumber,
      title: '露水河镇2025年危房改造补助资金发放情况',
      outcome: null,
    });
    expect(seen.similarEarlier[0].similarity).toBeGreaterThanOrEqual(0.5);
    // The first of them has nothing earlier; an administrator (personal data masked) is shown none.
    expect((await detail(handlerToken, first.body.receiptNumber)).similarEarlier).toEqual([]);
    const admin = await signIn(platform.url, 'lsh-admin');
    expect((await detail(admin, again.body.receiptNumber)).similarEarlier).toEqual([]);
  });
});
