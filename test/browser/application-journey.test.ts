/**
 * Journey 1: a citizen on a phone applies with an upload, prints the receipt and follows the
 * application; a handler asks for a correction; the citizen corrects; the handler answers 部分公开
 * with a redacted file; the citizen reads the 答复书 and downloads the file.
 */
import { readFileSync } from 'node:fs';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, pastMinimumFillTime, pdf } from '../support/browser.ts';

const journey = new Journey('application');
beforeAll(() => journey.start());
afterAll(() => journey.stop());

describe('a citizen applies on a phone and follows the application to its answer', () => {
  it('applies with an upload, corrects on request, and reads the 部分公开 reply', async () => {
    // The citizen, on a phone.
    const citizen = await journey.open('phone');
    // From the town's 依申请公开 page: its 在线申请 button opens the form with the town chosen.
    await citizen.goto(journey.url('/lushuihe/apply.html'));
    await citizen.getByRole('link', { name: '在线申请', exact: true }).last().click();
    await citizen.getByRole('heading', { level: 1, name: '政府信息公开申请' }).waitFor();
    const openedAt = Date.now();
    expect(await citizen.getByLabel('受理机关').inputValue()).toBe('lushuihe');
    await journey.check(citizen, 'application-form');

    const title = `露水河镇2026年农村道路建设项目资金使用情况（${Date.now()}）`;
    const person = citizen.locator('fieldset[data-applicant="person"]');
    await person.getByLabel('姓名').fill('王秀兰');
    await person.getByLabel('证件类型').selectOption('resident');
    await person.getByLabel('证件号码').fill('11010519491231002X');
    await person.getByLabel('通信地址').fill('吉林省白山市抚松县露水河镇长白街 12 号');
    await person.getByLabel('联系电话').fill('13904391234');
    await person.getByLabel('电子邮箱').fill('wangxiulan@example.com');
    await citizen.getByLabel('所需信息的名称').fill(title);
    await citizen
      .getByLabel('所需信息的特征性描述')
      .fill('2026 年镇政府实施的农村道路建设项目的资金来源、预算和支出明细。');
    await citizen.getByLabel('提供的载体形式').selectOption('email');
    await citizen.getByLabel('获取信息的方式').selectOption('email');
    await citizen
      .getByLabel('身份证明')
      .setInputFiles({ name: '身份证.pdf', mimeType: 'application/pdf', buffer: pdf('identity card') });
    await pastMinimumFillTime(openedAt);
    await citizen.getByRole('button', { name: '提交申请' }).click();

    await citizen.getByRole('heading', { name: '政府信息公开申请接收回执' }).waitFor();
    await journey.check(citizen, 'receipt');
    const facts = citizen.locator('dl.facts');
    const receiptNumber = (await facts.locator('strong.number').nth(0).textContent())!.trim();
    const queryCode = (await facts.locator('strong.number').nth(1).textContent())!.trim();
    expect(receiptNumber).toMatch(/^LSH-\d{4}-\d{5}$/);
    expect(queryCode.replaceAll(/[\s-]/g, '')).toMatch(/^[0-9A-Z]{10}$/);
    // Printing: the receipt on A4 without the site's masthead and footer.
    await citizen.emulateMedia({ media: 'print' });
    await expect.poll(() => citizen.locator('.masthead').isVisible()).toBe(false);
    expect(await citizen.locator('.receipt').isVisible()).toBe(true);
    await citizen.emulateMedia({ media: 'screen' });
    await citizen.pdf({ path: journey.artefact('receipt.pdf'), format: 'A4' });
    expect(readFileSync(journey.artefact('receipt.pdf')).subarray(0, 5).toString()).toBe('%PDF-');

    // Later, on the same phone: the number as a phone and an input method type it (lower case,
    // full-width dashes, a space from copy-paste). A wrong code is refused by a redirect to the query
    // form (Back meets no resubmission), the number kept as the platform writes it, the code typed again.
    const typed = ` ${receiptNumber.toLowerCase().replaceAll('-', '－')}`;
    await citizen.goto(journey.url('/apply/status'));
    await citizen.getByLabel('受理编号').fill(typed);
    await citizen.getByLabel('查询码').fill('ABCDE-FGHJK');
    await citizen.getByRole('button', { name: '查询' }).click();
    await citizen.getByRole('alert').waitFor();
    expect(await citizen.getByLabel('受理编号').inputValue()).toBe(receiptNumber);
    expect(new URL(citizen.url()).search).toMatch(/^\?draft=/);
    expect(await citizen.getByLabel('查询码').inputValue()).toBe('');
    await citizen.getByLabel('查询码').fill(queryCode.toLowerCase());
    await citizen.getByRole('button', { name: '查询' }).click();
    await citizen.getByRole('heading', { level: 1, name: '办理进度', exact: true }).waitFor();
    await expect.poll(() => citizen.locator('.status').textContent()).toContain('已受理');
    expect(await citizen.locator('.deadline .derivation li').count()).toBeGreaterThan(0);
    await journey.check(citizen, 'status-registered');

    // The handler, at a desk: the queue, the application with its upload, a request for correction.
    const handler = await journey.open('desktop');
    await journey.signInToConsole(handler, 'lsh-handler');
    await journey.check(handler, 'console-queue');
    // Open cases by default; on a phone each row is a card whose values keep their column's name.
    expect(await handler.getByLabel('状态').inputValue()).toBe('open');
    expect(await handler.locator(`td[data-label="受理编号"]`, { hasText: receiptNumber }).count()).toBe(1);
    await handler.getByRole('link', { name: receiptNumber }).click();
    await handler.getByRole('heading', { level: 1, name: new RegExp(receiptNumber) }).waitFor();
    await journey.check(handler, 'console-application');
    // How to deliver, and the citizen's identity document, which opens as the PDF it is.
    const handlerFacts = handler.locator('dl.facts');
    expect(await handlerFacts.textContent()).toContain('载体形式电子邮件');
    expect(await handlerFacts.textContent()).toContain('获取方式电子邮件');
    const [document] = await Promise.all([
      handler.context().waitForEvent('page'),
      handler.getByRole('button', { name: '身份证.pdf' }).click(),
    ]);
    await expect.poll(() => document!.url()).toContain('X-Amz-Signature');
    await document!.close();
    await handler.locator('summary', { hasText: '告知补正' }).click();
    await handler
      .getByLabel('补正事项（每行一项）')
      .fill('请写明所需资金使用情况涉及的具体道路项目名称\n请写明所需信息的时间范围');
    await handler.locator('form[data-action="requestCorrection"]').getByRole('button', { name: '告知补正' }).click();
    await handler.getByRole('status').filter({ hasText: '补正告知书' }).waitFor();
    await journey.check(handler, 'console-correction-requested');

    // The citizen reads what to correct and sends the correction from the status page.
    await journey.openStatus(citizen, receiptNumber, queryCode);
    const correction = citizen.locator('section.correction');
    await expect.poll(() => correction.textContent()).toContain('具体道路项目名称');
    await journey.check(citizen, 'status-correction-requested');
    await correction
      .getByLabel('补正内容')
      .fill('所需信息为露水河镇至永安村道路（X102）改造项目，时间范围为 2026 年 1 月至 10 月。');
    await correction
      .getByLabel('补正材料（选填）')
      .setInputFiles({ name: '项目批复文件.pdf', mimeType: 'application/pdf', buffer: pdf('project approval') });
    await correction.getByRole('button', { name: '提交补正' }).click();
    await expect.poll(() => citizen.locator('.status').textContent()).not.toContain('待补正');
    expect(await citizen.locator('main').textContent()).toContain('附补正材料：项目批复文件.pdf');
    await journey.check(citizen, 'status-corrected');

    // The handler answers 部分公开 with the redacted file, the correction's file beside the first.
    await handler.reload();
    await handler.getByRole('heading', { level: 1, name: new RegExp(receiptNumber) }).waitFor();
    await handler.getByRole('button', { name: '项目批复文件.pdf' }).waitFor();
    await handler.locator('summary', { hasText: '作出答复' }).click();
    const answer = handler.locator('form[data-action="answer"]');
    await answer.getByLabel('答复类型').selectOption('partial');
    await answer
      .getByLabel('法律依据')
      .fill('《中华人民共和国政府信息公开条例》第三十七条。所需信息中涉及个人隐私的部分已作区分处理。');
    await answer.getByLabel(/提供的文件/).setInputFiles({
      name: 'X102改造项目资金使用情况（区分处理）.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('road project funds, redacted'),
    });
    await answer.getByRole('button', { name: '作出答复' }).click();
    await handler.getByRole('status').filter({ hasText: '答复书' }).waitFor();
    await handler.getByRole('button', { name: /政府信息公开申请答复书/ }).click();
    await handler.locator('iframe.letter-frame').waitFor();
    // The letter alone, across the page and as tall as itself: no public masthead, no inner scrolling.
    const frame = handler.frameLocator('iframe.letter-frame');
    await frame.locator('.letter-number').waitFor();
    expect(await frame.locator('.masthead').count()).toBe(0);
    await expect
      .poll(() => handler.locator('iframe.letter-frame').evaluate((f) => f.getBoundingClientRect().height))
      .toBeGreaterThan(600);
    expect(
      await handler.locator('iframe.letter-frame').evaluate((f) => f.getBoundingClientRect().width),
    ).toBeGreaterThan(800);
    // People, not accounts, on the timeline.
    expect(await handler.locator('.timeline').textContent()).not.toContain('lsh-handler');
    await journey.check(handler, 'console-answered');

    // The citizen reads the 答复书 and downloads the file.
    await journey.openStatus(citizen, receiptNumber, queryCode);
    await expect.poll(() => citizen.locator('.status').textContent()).toContain('已答复');
    await journey.check(citizen, 'status-answered');
    const download = citizen.waitForEvent('download');
    await citizen.getByRole('link', { name: /下载：X102改造项目资金使用情况/ }).click();
    const saved = journey.artefact('disclosed.pdf');
    await (await download).saveAs(saved);
    expect(readFileSync(saved).toString()).toContain('road project funds, redacted');
    // The 答复书 as an official document: a PDF with its number, the remedy clause and the date.
    const letterDownload = citizen.waitForEvent('download');
    await citizen.locator('li', { hasText: '答复书' }).getByRole('link', { name: '下载 PDF' }).click();
    const letterFile = journey.artefact('reply-letter.pdf');
    await (await letterDownload).saveAs(letterFile);
    const { text: letterText } = await extractText(new Uint8Array(readFileSync(letterFile)), { mergePages: true });
    const printed = letterText.replace(/\s+/g, '');
    expect(printed).toMatch(/露政公复〔\d{4}〕\d+号/);
    expect(printed).toContain('六十日内向抚松县人民政府申请行政复议');
    expect(printed).toMatch(/露水河镇人民政府\d{4}年\d{1,2}月\d{1,2}日/);
    await citizen.getByRole('link', { name: /答复书/ }).click();
    await citizen.getByRole('heading', { name: '政府信息公开申请答复书' }).waitFor();
    const reply = await citizen.locator('body').textContent();
    expect(reply).toContain('第三十七条');
    expect(reply).toContain('行政复议');
    // Where the letter is read online, the file it names opens from it, as from the status page.
    const fromLetter = citizen.waitForEvent('download');
    await citizen
      .locator('.letter-list')
      .getByRole('link', { name: /X102改造项目资金使用情况（区分处理）\.pdf/ })
      .click();
    expect(readFileSync((await (await fromLetter).path())!).toString()).toContain('road project funds, redacted');
    await journey.check(citizen, 'reply-letter');
    // Back, reload and the letter's own link are plain GETs: no form is sent again.
    await citizen.goBack();
    await citizen.getByRole('heading', { level: 1, name: '办理进度', exact: true }).waitFor();
    await citizen.reload();
    await citizen.getByRole('heading', { level: 1, name: '办理进度', exact: true }).waitFor();
    expect(new URL(citizen.url()).pathname).toBe(`/apply/status/${receiptNumber}`);
    await citizen.getByRole('link', { name: /答复书/ }).click();
    await citizen.getByRole('link', { name: '返回办理进度' }).click();
    await citizen.getByRole('heading', { level: 1, name: '办理进度', exact: true }).waitFor();
  });
});
