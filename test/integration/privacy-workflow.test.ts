/**
 * 个人信息检查 in the handler's and the reviewer's work, over real sockets: a reason to keep a finding
 * must say something (or name a legal ground with words); a draft is checked when it is saved, so the
 * handler sees the findings while editing; a submission can be taken back before review; a returned
 * draft's comments are history once it is submitted again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs } from '../../cdk/local/table-access.ts';
import { startTestPlatform } from '../support/platform.ts';
import { idNumber, mobile, privacyFiles, seeded } from '../support/privacy-corpus.ts';
import { publicationContent, publisher } from '../support/publications.ts';
import { landingBefore, transactionWith } from '../support/table.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let staff: ReturnType<typeof publisher>;
beforeAll(async () => {
  platform = await startTestPlatform();
  staff = publisher(platform.url);
});
afterAll(() => platform?.stop());

const rng = seeded(40);
const actions = (id: string) => `/api/staff/publications/${id}/actions`;
const detailOf = async (id: string, role = 'handler') =>
  (await staff.call(role, 'GET', `/api/staff/publications/${id}`)).body;

/** A submitted item naming a person with a mobile number: its id and the number. */
async function submittedWithPhone() {
  const phone = mobile(rng);
  const created = await staff.call(
    'handler',
    'POST',
    '/api/staff/publications',
    publicationContent({ bodyHtml: `<p>联系人：刘淑珍，电话 ${phone}。</p>` }),
  );
  expect(created.status).toBe(201);
  await staff.step(created.body.id, created.body.version, { type: 'submit' });
  return { id: created.body.id as string, phone };
}

/** The draft's (or the item's) check once its attachments are read. */
async function settled(id: string, part: 'draftCheck' | 'privacy', limitMs = 60_000) {
  for (let i = 0; i < limitMs / 100; i++) {
    const detail = await detailOf(id);
    if (detail[part]?.state !== 'scanning') return detail;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${part} of ${id} still scanning`);
}

/**
 * A draft with a workbook attached, saved with the platform's workers held still (its attachment not
 * read yet: the draft's check `scanning`), and `work` done with it before they go on.
 */
async function whileScanning(work: (draft: { id: string; version: number }) => Promise<void>) {
  const workbook = (await privacyFiles()).find((f) => f.fileName.endsWith('.xlsx'))!;
  const upload = await staff.upload('名单.xlsx', workbook.contentType, workbook.bytes);
  platform.pauseWorkers(true);
  try {
    const created = await staff.call(
      'handler',
      'POST',
      '/api/staff/publications',
      publicationContent({ attachments: [upload] }),
    );
    const draft = { id: created.body.id as string, version: created.body.version as number };
    expect((await detailOf(draft.id)).draftCheck.state).toBe('scanning');
    await work(draft);
    return { id: draft.id, workbook };
  } finally {
    platform.pauseWorkers(false);
  }
}

describe('a reason to keep a finding public', () => {
  it.each(['.', '。', '   ', '……！', '好好好好好好', '同意', 'ok'])(
    'is refused when it is %j, naming the field',
    async (reason) => {
      const { id } = await submittedWithPhone();
      const detail = await staff.privacyChecked(id);
      const refused = await staff.call('reviewer', 'POST', actions(id), {
        version: detail.version,
        action: { type: 'acknowledge', acknowledgements: [{ id: '1', reason }] },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].field).toBe('body.action.acknowledgements.0.reason');
      expect(refused.body.errors[0].message).toMatch(/^确认公开的理由：/);
      expect((await detailOf(id, 'reviewer')).privacy.open).toBe(1);
    },
  );

  it('is taken as a legal ground from the list with words, or as a sentence that says why', async () => {
    const { id, phone } = await submittedWithPhone();
    const detail = await staff.privacyChecked(id);
    expect(detail.privacyGrounds).toEqual(
      expect.arrayContaining([expect.objectContaining({ value: 'consent', label: '已取得本人书面同意' })]),
    );
    const groundOnly = await staff.call('reviewer', 'POST', actions(id), {
      version: detail.version,
      action: { type: 'acknowledge', acknowledgements: [{ id: '1', ground: 'consent', reason: '。' }] },
    });
    expect(groundOnly.status).toBe(400);
    expect(groundOnly.body.errors[0].field).toBe('body.action.acknowledgements.0.reason');
    const unknownGround = await staff.call('reviewer', 'POST', actions(id), {
      version: detail.version,
      action: { type: 'acknowledge', acknowledgements: [{ id: '1', ground: 'because', reason: '本人同意公开' }] },
    });
    expect(unknownGround.status).toBe(400);
    expect(unknownGround.body.errors[0].field).toBe('body.action.acknowledgements.0.ground');

    await staff.step(
      id,
      detail.version,
      { type: 'acknowledge', acknowledgements: [{ id: '1', ground: 'consent', reason: '刘淑珍签字同意书存档' }] },
      'reviewer',
    );
    const after = await detailOf(id, 'reviewer');
    expect(after.privacyFindings[0].acknowledged).toMatchObject({
      reason: '已取得本人书面同意：刘淑珍签字同意书存档',
    });
    expect(after.events.at(-1).text).toContain('理由：已取得本人书面同意：刘淑珍签字同意书存档');
    // The content holds the number; the findings and the timeline never do.
    expect(JSON.stringify([after.privacyFindings, after.events])).not.toContain(phone);
  });

  it('is held to the same rule on a column page', async () => {
    const current = await staff.call('admin', 'GET', '/api/staff/site/pages/rules');
    const refused = await staff.call('admin', 'PUT', '/api/staff/site/pages/rules', {
      html: `<p>联系人：王芳，手机 ${mobile(rng)}。</p>`,
      version: current.body.version,
      privacyAcknowledgements: [{ id: '1', reason: '。。' }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].field).toBe('body.privacyAcknowledgements.0.reason');
  });
});

describe('a draft', () => {
  it('is checked when it is saved, its text at once and its attachments in the background, and the submission takes that check', async () => {
    const id = idNumber(rng);
    const created = await staff.call(
      'handler',
      'POST',
      '/api/staff/publications',
      publicationContent({ bodyHtml: `<p>孙玉兰，身份证号码 ${id}。</p>` }),
    );
    expect(created.status).toBe(201);
    const draft = await detailOf(created.body.id);
    expect(draft.draftCheck).toMatchObject({
      state: 'done',
      current: true,
      open: 1,
      findings: [{ id: '1', kind: 'idNumber', name: '孙玉兰', whereText: '正文' }],
    });
    expect(draft.privacy).toBeNull();
    expect(JSON.stringify([draft.draftCheck, draft.events])).not.toContain(id);
    // Not on the reviewer's list: a draft is the handler's to mend.
    const list = await staff.call('reviewer', 'GET', '/api/staff/privacy');
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(created.body.id);

    const files = await privacyFiles();
    const workbook = files.find((f) => f.fileName.endsWith('.xlsx'))!;
    const upload = await staff.upload('花名册.xlsx', workbook.contentType, workbook.bytes);
    const edited = await staff.step(created.body.id, draft.version, {
      type: 'edit',
      content: publicationContent({ bodyHtml: '<p>名单见附件。</p>', attachments: [upload] }),
    });
    const read = await settled(created.body.id, 'draftCheck');
    expect(read.draftCheck.state).toBe('done');
    expect(read.draftCheck.findings).toHaveLength(workbook.planted.length);
    expect(read.draftCheck.findings[0]).toMatchObject({ where: { field: 'attachment', fileName: '花名册.xlsx' } });
    for (const planted of workbook.planted)
      expect(JSON.stringify([read.draftCheck, read.events])).not.toContain(planted.digits);

    // Submitted unchanged: the saved check is the review's, with nothing to read again.
    await staff.step(created.body.id, edited.version, { type: 'submit' });
    const submitted = await detailOf(created.body.id, 'reviewer');
    expect(submitted.privacy).toMatchObject({ state: 'done', current: true, open: workbook.planted.length });
    expect(submitted.draftCheck).toBeNull();
  });

  it('submitted while its attachments are still being read, hands that reading over to the review', async () => {
    const { id, workbook } = await whileScanning(async (draft) => {
      await staff.step(draft.id, draft.version, { type: 'submit' });
      expect((await detailOf(draft.id, 'reviewer')).privacy.state).toBe('scanning');
    });
    const read = await settled(id, 'privacy');
    expect(read.privacy).toMatchObject({ state: 'done', current: true, open: workbook.planted.length });
    expect(read.draftCheck).toBeNull();
    expect(read.events.at(-1).text).toMatch(/^附件已读取。/);
  });
  it('submitted as the reading of its attachments ends, is not left waiting on a reading already over', async () => {
    // The scan saves the draft's check between the submission's read and its write: the submission
    // must not carry the draft's `scanning` over a check already done (no scan would ever finish it).
    const [{ listJobTurns }, { runJobTurn }, { privacyKinds }] = await Promise.all([
      import('#store/jobs.ts'),
      import('#store/job-turns.ts'),
      import('../../functions/privacy/run.ts'),
    ]);
    const scanned = async () => {
      for (const turn of (await listJobTurns(50)).filter((t) => t.kind === 'privacyScan'))
        await actingAs('privacy', () => runJobTurn(turn, privacyKinds, () => Number.POSITIVE_INFINITY));
    };
    const { id, workbook } = await whileScanning(async (draft) => {
      const { answer: submitted, meanwhile } = await landingBefore(transactionWith('"submitted"'), scanned, () =>
        staff.call('handler', 'POST', actions(draft.id), { version: draft.version, action: { type: 'submit' } }),
      );
      expect(submitted.status).toBe(200);
      expect(meanwhile).toHaveLength(1);
    });
    const detail = await settled(id, 'privacy', 10_000);
    expect(detail.privacy).toMatchObject({ state: 'done', current: true, open: workbook.planted.length });
    expect(detail.draftCheck).toBeNull();
  });
});

describe('a submission', () => {
  it('is taken back by the handler before review: a draft again, on the timeline, gone from the reviewer', async () => {
    const { id } = await submittedWithPhone();
    const submitted = await staff.privacyChecked(id);
    expect(submitted.actions.map((a: { type: string }) => a.type)).toEqual(['approve', 'return', 'acknowledge']);
    expect((await detailOf(id)).actions.map((a: { type: string }) => a.type)).toEqual(['recall']);
    const listed = await staff.call('reviewer', 'GET', '/api/staff/privacy');
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(id);

    const byReviewer = await staff.call('reviewer', 'POST', actions(id), {
      version: submitted.version,
      action: { type: 'recall' },
    });
    expect(byReviewer.status).toBe(403);
    const staleRecall = await staff.call('handler', 'POST', actions(id), {
      version: submitted.version - 1,
      action: { type: 'recall' },
    });
    expect(staleRecall.status).toBe(409);

    const recalled = await staff.step(id, submitted.version, { type: 'recall' });
    expect(recalled).toMatchObject({ status: 'draft', statusLabel: '草稿' });
    const draft = await detailOf(id);
    expect(draft.events.at(-1)).toMatchObject({ type: 'recall', actor: 'lsh-handler' });
    expect(draft.events.at(-1).text).toContain('撤回提交');
    // The check stays with the draft for the handler to mend; the reviewer has nothing to approve.
    expect(draft.draftCheck).toMatchObject({ open: 1, current: true });
    const after = await staff.call('reviewer', 'GET', '/api/staff/privacy');
    expect(after.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    const approve = await staff.call('reviewer', 'POST', actions(id), {
      version: draft.version,
      action: { type: 'approve', secrecyCheck: '经审查不涉密，同意公开。' },
    });
    expect(approve.status).toBe(409);
  });

  it('cannot be taken back once the reviewer has begun (a finding kept with a reason)', async () => {
    const { id } = await submittedWithPhone();
    const checked = await staff.privacyChecked(id);
    const kept = await staff.step(
      id,
      checked.version,
      { type: 'acknowledge', acknowledgements: [{ id: '1', reason: '联系人本人同意公开其工作电话' }] },
      'reviewer',
    );
    expect((await detailOf(id)).actions).toEqual([]);
    const refused = await staff.call('handler', 'POST', actions(id), {
      version: kept.version,
      action: { type: 'recall' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('审核人已开始审核');
  });

  it("shows the reviewer's return comments as current while the draft waits, and as history once it is submitted again", async () => {
    const created = await staff.call('handler', 'POST', '/api/staff/publications', publicationContent());
    const submitted = await staff.step(created.body.id, created.body.version, { type: 'submit' });
    const returned = await staff.step(
      created.body.id,
      submitted.version,
      { type: 'return', comments: '请补充文号后重新提交。' },
      'reviewer',
    );
    expect((await detailOf(created.body.id)).lastReturn).toMatchObject({
      comments: '请补充文号后重新提交。',
      by: 'lsh-reviewer',
      current: true,
    });
    await staff.step(created.body.id, returned.version, { type: 'submit' });
    expect((await detailOf(created.body.id, 'reviewer')).lastReturn).toMatchObject({
      comments: '请补充文号后重新提交。',
      current: false,
    });
  });
});
