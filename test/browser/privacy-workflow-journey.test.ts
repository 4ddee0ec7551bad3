/**
 * Journey: 个人信息检查 where the handler can still mend it. The handler's draft names a person with a
 * mobile number: the editor shows the finding as saved. An attachment added and saved is read in the
 * background, and the note that it is being read gives way to the outcome. The handler submits, takes
 * the submission back before review, submits again; returned, the reviewer's comments are current, and
 * history once it is submitted again. The reviewer keeps the finding with a legal ground and words.
 * A handler answering an application with a file holding a neighbour's number is shown the finding
 * (not the applicant's own number) before the answer goes, and gives a reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, pastMinimumFillTime, pdf } from '../support/browser.ts';

const journey = new Journey('privacy-workflow');
beforeAll(() => journey.start());
afterAll(() => journey.stop());

const call = journey.api.bind(journey);

describe('personal data while the handler can still mend it', () => {
  it('shows the draft its findings, follows the attachments, takes a submission back, and keeps the return as history', async () => {
    const stamp = Date.now().toString(36).toUpperCase();
    const title = `露水河镇道路维修工程公示（${stamp}）`;
    const created = await call('lsh-handler', 'POST', '/api/staff/publications', {
      title,
      category: 'finance',
      topic: '财政、金融、审计',
      writtenOn: '2026-11-20',
      summary: '公开道路维修工程情况。',
      bodyHtml: '<p>现场负责人：周建国，手机 13904391234。</p>',
      attachments: [],
    });

    // The handler opens the draft: the check of it as saved is there, masked, before any submission.
    const handler = await journey.open('desktop');
    await journey.signInToConsole(handler, 'lsh-handler', '主动公开');
    await handler.getByRole('link', { name: title }).click();
    const draftCheck = handler.getByRole('region', { name: '个人信息检查和表述检查（保存时）' });
    const row = draftCheck.getByRole('row', { name: /手机号码（周建国）/ });
    expect(await row.textContent()).toContain('现场负责人');
    expect(await row.textContent()).toContain('请删除或遮盖');
    expect(await draftCheck.textContent()).not.toContain('13904391234');
    await journey.check(handler, 'console-draft-check');

    // An attachment saved is read in the background; the note that it is being read clears when it is.
    await handler.locator('input[name=files]').setInputFiles({
      name: 'fujian.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('Lianxi 13904395555'),
    });
    await handler.getByLabel('名称').fill(`${title}（修改）`);
    await handler.getByRole('button', { name: '保存', exact: true }).click();
    await handler.getByRole('heading', { level: 1, name: `${title}（修改）` }).waitFor();
    await expect
      .poll(
        async () =>
          (await handler.getByRole('region', { name: '个人信息检查和表述检查（保存时）' }).textContent()) ?? '',
        {
          timeout: 60_000,
        },
      )
      .toContain('附件「fujian.pdf」');
    // The step's note says what the check found (the timeline keeps what it said at the time).
    await expect
      .poll(() => handler.locator('[data-flash]').textContent())
      .toContain('修改内容。个人信息检查：发现 2 项');
    expect(await handler.locator('.notice, .error-summary, .reading').allTextContents()).not.toContainEqual(
      expect.stringContaining('正在读取附件'),
    );

    // Submitted, then taken back before review: a draft again, on the timeline.
    await handler.getByRole('button', { name: '提交审核' }).click();
    await expect.poll(() => handler.locator('dl.facts').textContent()).toContain('待审核');
    await handler.getByRole('button', { name: '撤回提交' }).click();
    await expect.poll(() => handler.locator('dl.facts').textContent()).toContain('草稿');
    expect(await handler.locator('.timeline').textContent()).toContain('撤回提交（审核前）');

    // Submitted again and returned: the comments are current; submitted once more, they are history.
    await handler.getByRole('button', { name: '提交审核' }).click();
    await expect.poll(() => handler.locator('dl.facts').textContent()).toContain('待审核');
    const submitted = await call('lsh-reviewer', 'GET', `/api/staff/publications/${created.id}`);
    await call('lsh-reviewer', 'POST', `/api/staff/publications/${created.id}/actions`, {
      version: submitted.version,
      action: { type: 'return', comments: '请遮盖负责人手机号码后重新提交。' },
    });
    await handler.reload();
    const facts = handler.locator('dl.facts');
    await facts.getByText('退回意见', { exact: true }).waitFor();
    await handler.getByRole('button', { name: '提交审核' }).click();
    await facts.getByText('此前的退回意见').waitFor();
    expect(await facts.textContent()).toContain('请遮盖负责人手机号码后重新提交。');
    expect(await facts.getByText('退回意见', { exact: true }).count()).toBe(0);

    // The reviewer keeps the body's finding with a legal ground from the list and words of their own.
    const reviewer = await journey.open('desktop');
    await journey.signInToConsole(reviewer, 'lsh-reviewer', '主动公开');
    await reviewer.getByRole('link', { name: `${title}（修改）` }).click();
    const check = reviewer.getByRole('region', { name: '个人信息检查和表述检查', exact: true });
    await check.getByLabel('第 1 项确认公开的法律依据').selectOption({ label: '已取得本人书面同意' });
    await check.getByLabel('第 1 项确认公开的理由').fill('。');
    await check.getByRole('button', { name: '确认公开已填写理由的各项' }).click();
    await reviewer.getByText(/确认公开的理由：请在所选依据之外写明具体情况/).waitFor();
    await check.getByLabel('第 1 项确认公开的理由').fill('周建国签字同意书已存档');
    await check.getByRole('button', { name: '确认公开已填写理由的各项' }).click();
    await reviewer
      .getByRole('region', { name: '个人信息检查和表述检查', exact: true })
      .getByText('已确认公开：已取得本人书面同意：周建国签字同意书已存档', { exact: false })
      .waitFor();
  });
});

describe("an answer's files", () => {
  it("are checked for others' personal data before the answer goes, and given only with a reason", async () => {
    // An application as the form without script sends it (its token from the page, after the minimum time).
    const form = await (await fetch(journey.url('/apply?agency=lushuihe'))).text();
    const formToken = /name="formToken" value="([^"]+)"/.exec(form)![1]!;
    await pastMinimumFillTime(Date.now());
    const own = { idNumber: '11010519491231002X', phone: '13904396666' };
    const submitted = (await (
      await fetch(journey.url('/api/applications'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          agencyId: 'lushuihe',
          applicant: { kind: 'person', name: '赵玉芬', idType: 'resident', ...own, email: 'zhaoyufen@example.com' },
          request: {
            title: `宅基地审批材料（${Date.now().toString(36)}）`,
            description: '本户 2025 年宅基地审批的全部材料。',
          },
          delivery: { medium: 'email', method: 'email' },
          formToken,
        }),
      })
    ).json()) as { receiptNumber: string };
    const n = submitted.receiptNumber;
    await call('lsh-handler', 'POST', `/api/staff/applications/${n}/actions`, {
      version: 1,
      action: { type: 'confirmReceipt' },
    });

    const handler = await journey.open('desktop');
    await journey.signInToConsole(handler, 'lsh-handler');
    await handler.goto(journey.url(`/staff/#/applications/${n}`));
    await handler.getByRole('heading', { level: 1, name: new RegExp(n) }).waitFor();
    await handler.locator('summary', { hasText: '作出答复' }).click();
    const answer = handler.locator('form[data-action="answer"]');
    await answer.getByLabel('答复类型').selectOption('disclosed');
    await answer.getByLabel('法律依据').fill('《中华人民共和国政府信息公开条例》第三十六条第（二）项。');
    await answer.getByLabel(/提供的文件/).setInputFiles({
      name: 'shenpi.pdf',
      mimeType: 'application/pdf',
      buffer: pdf(`Applicant ${own.phone} Neighbour 13804397777`),
    });
    await answer.getByRole('button', { name: '作出答复' }).click();
    // The neighbour's number is found, masked; the applicant's own is not a finding.
    const check = answer.locator('.file-check');
    await check.getByText('提供的文件中发现 1 项他人的个人信息').waitFor({ timeout: 60_000 });
    expect(await check.locator('tbody tr').count()).toBe(1);
    expect(await check.textContent()).not.toContain('13804397777');
    await journey.check(handler, 'console-answer-file-check');

    await check.getByLabel('第 1 项提供的法律依据').selectOption({ label: '已取得本人书面同意' });
    await check.getByLabel('第 1 项提供的理由').fill('邻户书面同意向申请人提供');
    await answer.getByRole('button', { name: '作出答复' }).click();
    await handler.getByRole('status').filter({ hasText: '作出答复' }).waitFor();
    const detail = await call('lsh-handler', 'GET', `/api/staff/applications/${n}`);
    expect(detail.application.handling.outcome.fileCheck.findings[0].acknowledged.reason).toBe(
      '已取得本人书面同意：邻户书面同意向申请人提供',
    );
  });
});
