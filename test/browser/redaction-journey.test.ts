/**
 * Journey: 部分公开 with a redaction made in the console (issue 43). (a) A handler answers with a PDF
 * holding a neighbour's ID number and an internal note: the file check finds the number, the handler
 * opens 在线遮盖, marks the privacy guard's findings and draws a rectangle over the note, produces and
 * verifies the file and uses it; the reviewer sees the verification beside the answer's file; the
 * applicant downloads a file where neither the number nor the note can be read while the control text
 * can, and the 答复书 lists what was withheld by ground. (b) On a phone, a publication's attachment with
 * a finding is redacted in place (the findings, and the note's area typed into the area's fields from
 * the keyboard) and published: the public site's copy has no trace of the number or the note.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, pastMinimumFillTime } from '../support/browser.ts';

const journey = new Journey('redaction');
beforeAll(() => journey.start());
afterAll(() => journey.stop());

const call = journey.api.bind(journey);

/** A neighbour's resident ID number (valid checksum), which the privacy guard finds. */
const neighbourId = '110105199003071239';
const control = 'Road project X102: funds used 1200000 yuan in 2026.';
const controlAfter = 'Control: the rest of this page stays readable.';
const note = 'Internal note ZK-4471 draft figure';
/** The note's line: its baseline in PDF points from the bottom of an A4 page (595 x 842). */
const noteBaseline = 700;

/** A one-page A4 PDF in Helvetica: the control sentence, the neighbour's number, the note, more control text. */
async function answerPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.drawText(control, { x: 72, y: 760, size: 12, font });
  page.drawText(`Neighbour ID number: ${neighbourId}`, { x: 72, y: 730, size: 12, font });
  page.drawText(note, { x: 72, y: noteBaseline, size: 12, font });
  page.drawText(controlAfter, { x: 72, y: 640, size: 12, font });
  return Buffer.from(await doc.save());
}

/** The text a second reader (pdf.js through unpdf) finds in a PDF, whitespace removed. */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(new Uint8Array(bytes), { mergePages: true });
  return text.replace(/\s+/g, '');
}
const squeeze = (text: string) => text.replace(/\s+/g, '');

/**
 * An area mark's left, top, width and height as its line in the list says them, each within four points
 * of what was meant (a pointer lands on whole pixels: on a phone's narrow image a pixel is 1.7 points).
 */
function expectArea(line: string | null, meant: number[]) {
  const area = /左 ([\d.]+)，上 ([\d.]+)，宽 ([\d.]+)，高 ([\d.]+)/
    .exec(line ?? '')
    ?.slice(1)
    .map(Number);
  expect(area, line ?? '').toHaveLength(4);
  expect(
    area!.map((v, i) => Math.abs(v - meant[i]!) <= 4),
    `${line} against ${meant.join(', ')}`,
  ).toEqual([true, true, true, true]);
}

/** A finger dragged across the screen (Chromium's touch input: pointer events of type touch). */
async function touchDrag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  const cdp = await page.context().newCDPSession(page);
  const at = (t: number) => [{ x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
  for (let i = 1; i <= 8; i++)
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(i / 8) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/**
 * In the open redaction dialog: the privacy guard's findings marked (第十五条), then an area over the
 * note's line (第十六条), drawn with the mouse on the page image or typed into the area's fields from
 * the keyboard; produced and verified; used.
 */
async function redactInDialog(
  page: Page,
  dialog: Locator,
  options: { area: 'draw' | 'type'; touch?: boolean; label: string },
) {
  await dialog.getByRole('img', { name: /第 1 页/ }).waitFor({ timeout: 60_000 });
  // A mark without a reason is refused beside the reason's field.
  await dialog.getByRole('button', { name: '标记全部个人信息检查发现' }).click();
  await dialog.getByText('请填写遮盖理由。').waitFor();
  await dialog.getByLabel('遮盖依据').selectOption('15');
  await dialog.getByLabel('遮盖理由').fill('第三人的身份证号码');
  await dialog.getByRole('button', { name: '标记全部个人信息检查发现' }).click();
  const marks = dialog.locator('ol.redaction-marks');
  await expect.poll(() => marks.locator('li').first().textContent(), { timeout: 30_000 }).toMatch(/共 1 处/);
  // A pattern that does not compile is refused at the search field; one the engine refuses (it matches
  // empty text) is refused by the API, its message at the mark it names, and the mark removed.
  await dialog.getByLabel('按正则表达式查找').check();
  await dialog.getByLabel('查找的文字或数字').fill('[0-9');
  await dialog.getByRole('button', { name: '按查找内容标记' }).click();
  await dialog.getByText('不是有效的正则表达式').waitFor();
  await dialog.getByLabel('查找的文字或数字').fill('\\d*');
  await dialog.getByRole('button', { name: '按查找内容标记' }).click();
  await marks
    .locator('li')
    .nth(1)
    .getByText(/表达式会匹配空文字/)
    .waitFor({ timeout: 30_000 });
  await dialog.getByText('标记未保存，请按标记旁的提示修改。').waitFor();
  await dialog.getByRole('button', { name: '移除第 2 项' }).click();
  await expect.poll(() => marks.locator('li').count(), { timeout: 30_000 }).toBe(1);
  await dialog.getByLabel('按正则表达式查找').uncheck();
  await dialog.getByLabel('遮盖依据').selectOption('16');
  await dialog.getByLabel('遮盖理由').fill('内部讨论的数字');
  // From just left of the line to past its end, from above its letters to below them (top-left origin).
  const top = 842 - noteBaseline - 14;
  const bottom = 842 - noteBaseline + 6;
  if (options.area === 'type') {
    await dialog.getByLabel('页码').fill('1');
    await dialog.getByLabel('左边距（点）').fill('60');
    await dialog.getByLabel('上边距（点）').fill(String(top));
    await dialog.getByLabel('宽度（点）').fill('340');
    await dialog.getByLabel('高度（点）').fill(String(bottom - top));
    await dialog.getByRole('button', { name: '添加区域标记' }).focus();
    await page.keyboard.press('Enter');
  } else {
    await dialog.getByRole('button', { name: '画框' }).click();
    const image = dialog.getByRole('img', { name: /第 1 页/ });
    await image.scrollIntoViewIfNeeded();
    const box = (await image.boundingBox())!;
    const scale = box.width / 595;
    await page.mouse.move(box.x + 60 * scale, box.y + top * scale);
    await page.mouse.down();
    await page.mouse.move(box.x + 400 * scale, box.y + bottom * scale, { steps: 8 });
    await page.mouse.up();
  }
  await expect.poll(() => marks.locator('li').count(), { timeout: 30_000 }).toBe(2);
  await expect
    .poll(() => marks.locator('li').nth(1).textContent(), { timeout: 30_000 })
    .toMatch(/第 1 页区域.*共 1 处/);
  // The area as drawn or typed, in the page's points (a drawing within rounding of the image's pixels).
  expectArea(await marks.locator('li').nth(1).textContent(), [60, top, 340, bottom - top]);
  expect(await dialog.getByLabel('第 2 项依据').inputValue()).toBe('16');
  if (options.touch) {
    // A finger draws too (the page does not scroll under it while 画框 is on): a blank strip of the page.
    await dialog.getByRole('button', { name: '画框' }).click();
    const image = dialog.getByRole('img', { name: /第 1 页/ });
    await image.scrollIntoViewIfNeeded();
    const box = (await image.boundingBox())!;
    const scale = box.width / 595;
    await touchDrag(
      page,
      { x: box.x + 100 * scale, y: box.y + 300 * scale },
      { x: box.x + 300 * scale, y: box.y + 330 * scale },
    );
    await expect.poll(() => marks.locator('li').count(), { timeout: 30_000 }).toBe(3);
    // Where the finger went, in the page's points.
    expectArea(await marks.locator('li').nth(2).textContent(), [100, 300, 200, 30]);
  }
  // The dialog as the screen shows it (the checks' screenshots are of the whole page).
  await page.screenshot({ path: journey.artefact(`${options.label}-dialog.png`) });
  await journey.check(page, `${options.label}-marks`);

  await dialog.getByRole('button', { name: '生成并校验' }).click();
  await dialog.getByText(/^校验通过/).waitFor({ timeout: 180_000 });
  const checks = dialog.locator('.redaction-checks li');
  expect(await checks.count()).toBeGreaterThan(2);
  expect(await checks.filter({ hasText: '未通过' }).count()).toBe(0);
  await dialog.getByRole('img', { name: /第 1 页（遮盖结果）/ }).waitFor({ timeout: 60_000 });
  expect(await dialog.textContent()).toContain('第十五条');
  await journey.check(page, `${options.label}-verified`);
  await dialog.getByRole('button', { name: '使用遮盖后的文件' }).click();
  await dialog.waitFor({ state: 'detached', timeout: 30_000 });
}

describe('部分公开 with a file redacted in the console', () => {
  it('marks by the privacy guard and a drawn rectangle, is verified, seen by the reviewer, and reaches the applicant redacted with its grounds', async () => {
    // An application as the form without script sends it (its token from the page, after the minimum time).
    const form = await (await fetch(journey.url('/apply?agency=lushuihe'))).text();
    const formToken = /name="formToken" value="([^"]+)"/.exec(form)![1]!;
    await pastMinimumFillTime(Date.now());
    const submitted = (await (
      await fetch(journey.url('/api/applications'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          agencyId: 'lushuihe',
          applicant: {
            kind: 'person',
            name: '刘桂芳',
            idType: 'resident',
            idNumber: '11010519491231002X',
            phone: '13904396666',
            email: 'liuguifang@example.com',
          },
          request: {
            title: `X102道路改造项目资金使用情况（${Date.now().toString(36)}）`,
            description: '2026 年 X102 道路改造项目的资金使用明细。',
          },
          delivery: { medium: 'email', method: 'email' },
          formToken,
        }),
      })
    ).json()) as { receiptNumber: string; queryCode: string };
    const n = submitted.receiptNumber;
    await call('lsh-handler', 'POST', `/api/staff/applications/${n}/actions`, {
      version: 1,
      action: { type: 'confirmReceipt' },
    });

    // The handler answers 部分公开: the file's check finds the neighbour's number, masked.
    const handler = await journey.open('desktop');
    await journey.signInToConsole(handler, 'lsh-handler');
    await handler.goto(journey.url(`/staff/#/applications/${n}`));
    await handler.getByRole('heading', { level: 1, name: new RegExp(n) }).waitFor();
    await handler.locator('summary', { hasText: '作出答复' }).click();
    const answer = handler.locator('form[data-action="answer"]');
    await answer.getByLabel('答复类型').selectOption('partial');
    await answer
      .getByLabel('法律依据')
      .fill('《中华人民共和国政府信息公开条例》第三十七条。所需信息中涉及个人隐私和内部讨论的部分已作区分处理。');
    await answer
      .getByLabel(/提供的文件/)
      .setInputFiles({ name: 'X102资金使用情况.pdf', mimeType: 'application/pdf', buffer: await answerPdf() });
    const check = answer.locator('.file-check');
    await check.getByText('提供的文件中发现 1 项他人的个人信息').waitFor({ timeout: 60_000 });
    expect(await check.textContent()).not.toContain(neighbourId);

    // 在线遮盖: the findings marked, the note drawn over, produced, verified and used.
    await check.getByRole('button', { name: /在线遮盖（部分公开）/ }).click();
    const dialog = handler.getByRole('dialog', { name: /在线遮盖/ });
    await redactInDialog(handler, dialog, { area: 'draw', label: 'answer' });
    // The redacted upload stands in for the original and is checked again: nothing left to find.
    await check.getByText('提供的文件中未发现他人的身份证号码').waitFor({ timeout: 60_000 });
    expect(await check.locator('ul.files').textContent()).toContain('部分公开');
    await answer.getByRole('button', { name: '作出答复' }).click();
    await handler.getByRole('status').filter({ hasText: '答复书' }).waitFor({ timeout: 30_000 });

    // The reviewer sees, beside the answer's file, the verification kept with it.
    const reviewer = await journey.open('desktop');
    await journey.signInToConsole(reviewer, 'lsh-reviewer');
    await reviewer.goto(journey.url(`/staff/#/applications/${n}`));
    await reviewer.getByRole('heading', { level: 1, name: new RegExp(n) }).waitFor();
    await reviewer.locator('summary', { hasText: '遮盖处理及核验记录' }).click();
    const record = reviewer.locator('details.redaction-record');
    await record.getByText(/^校验通过/).waitFor({ timeout: 30_000 });
    expect(await record.textContent()).toContain('第十六条');
    expect(await record.textContent()).not.toContain(neighbourId);
    await journey.check(reviewer, 'reviewer-verification');

    // The applicant downloads the file: neither the number nor the note survives; the control text does.
    const citizen = await journey.open('phone');
    await journey.openStatus(citizen, n, submitted.queryCode);
    await expect.poll(() => citizen.locator('.status').textContent()).toContain('已答复');
    const download = citizen.waitForEvent('download');
    await citizen.getByRole('link', { name: /下载：X102资金使用情况/ }).click();
    const saved = journey.artefact('answer-redacted.pdf');
    await (await download).saveAs(saved);
    const bytes = readFileSync(saved);
    const text = await pdfText(bytes);
    expect(text).not.toContain(neighbourId);
    expect(text).not.toContain('ZK-4471');
    expect(text).toContain(squeeze(control));
    expect(text).toContain(squeeze(controlAfter));
    expect(bytes.toString('latin1')).not.toContain(neighbourId);

    // The 答复书 lists the withheld parts by ground, with reasons, never the words.
    await citizen.getByRole('link', { name: /答复书/ }).click();
    await citizen.getByRole('heading', { name: '政府信息公开申请答复书' }).waitFor();
    const reply = (await citizen.locator('body').textContent()) ?? '';
    expect(reply).toContain('第十五条');
    expect(reply).toContain('第三人的身份证号码');
    expect(reply).toContain('第十六条');
    expect(reply).toContain('内部讨论的数字');
    expect(reply).not.toContain(neighbourId);
    expect(reply).not.toContain('ZK-4471');
    await journey.check(citizen, 'reply-letter');
  });
});

describe("a publication's attachment with a finding", () => {
  it('is redacted in place on a phone and published without the number or the note', async () => {
    const stamp = Date.now().toString(36).toUpperCase();
    const title = `露水河镇X102道路改造工程结算公示（${stamp}）`;
    const fileName = `结算明细${stamp}.pdf`;
    const created = await call('lsh-handler', 'POST', '/api/staff/publications', {
      title,
      category: 'finance',
      topic: '财政、金融、审计',
      writtenOn: '2026-11-20',
      summary: '公开 X102 道路改造工程结算情况。',
      bodyHtml: '<p>结算明细见附件。</p>',
      attachments: [],
    });

    // The handler, on a phone, adds the attachment and saves: the draft's check reads it and finds the number.
    const handler = await journey.open('phone');
    await journey.signInToConsole(handler, 'lsh-handler', '主动公开');
    await handler.getByRole('link', { name: title }).click();
    await handler.getByRole('heading', { level: 1, name: title }).waitFor();
    await handler.getByLabel('添加附件').setInputFiles({
      name: fileName,
      mimeType: 'application/pdf',
      buffer: await answerPdf(),
    });
    await handler.getByRole('button', { name: '保存', exact: true }).click();
    await handler.getByRole('heading', { level: 1, name: title }).waitFor();
    // Once the attachment is read, it offers 在线遮盖 beside it (no reload).
    const redact = handler.getByRole('button', { name: `在线遮盖：${fileName}` });
    await redact.waitFor({ timeout: 60_000 });
    await redact.click();
    const dialog = handler.getByRole('dialog', { name: /在线遮盖/ });
    await redactInDialog(handler, dialog, { area: 'type', touch: true, label: 'attachment' });
    // Replaced in place: the page drawn again, the attachment read again and nothing found in it.
    const draftCheck = handler.getByRole('region', { name: '个人信息检查和表述检查（保存时）' });
    await expect
      .poll(
        async () =>
          (await draftCheck.textContent())?.includes('正在读取附件') ||
          (await draftCheck.locator('tbody tr', { hasText: '身份证号码' }).count()) > 0,
        { timeout: 60_000 },
      )
      .toBe(false);
    expect(await handler.getByRole('button', { name: `在线遮盖：${fileName}` }).count()).toBe(0);
    await handler.getByRole('button', { name: '提交审核' }).click();
    await expect.poll(() => handler.locator('dl.facts').textContent(), { timeout: 15_000 }).toContain('待审核');

    // The reviewer approves once the submitted attachments are read.
    let detail = await call('lsh-reviewer', 'GET', `/api/staff/publications/${created.id}`);
    for (let i = 0; i < 60 && detail.privacy?.state === 'scanning'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      detail = await call('lsh-reviewer', 'GET', `/api/staff/publications/${created.id}`);
    }
    expect(detail.privacyFindings.filter((f: { acknowledged?: unknown }) => !f.acknowledged)).toEqual([]);
    const approved = await call('lsh-reviewer', 'POST', `/api/staff/publications/${created.id}/actions`, {
      version: detail.version,
      action: { type: 'approve', secrecyCheck: '经审查，附件中第三人的身份证号码已遮盖删除，同意公开。' },
    });
    expect(approved.message, JSON.stringify(approved)).toBeUndefined();

    // The public site's copy of the attachment: the number gone from its text and its bytes.
    const itemUrl = journey.url(`/lushuihe/items/${created.id}.html`);
    await expect.poll(async () => (await fetch(itemUrl)).status, { timeout: 60_000 }).toBe(200);
    const itemHtml = await (await fetch(itemUrl)).text();
    const href = new RegExp(`href="([^"]+)"[^>]*>[^<]*${stamp}`).exec(itemHtml)?.[1];
    expect(href, 'the attachment is linked from the item page').toBeTruthy();
    const published = new Uint8Array(await (await fetch(new URL(href!, itemUrl))).arrayBuffer());
    const text = await pdfText(published);
    expect(text).not.toContain(neighbourId);
    expect(text).not.toContain('ZK-4471');
    expect(text).toContain(squeeze(control));
    expect(text).toContain(squeeze(controlAfter));
    expect(Buffer.from(published).toString('latin1')).not.toContain(neighbourId);
  });
});
