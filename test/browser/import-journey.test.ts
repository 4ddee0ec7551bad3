/**
 * Journey: a handler of 露水河镇 brings the town's old catalogue in from a GBK CSV as Excel saves it,
 * with a zip of its attachments: the first check names the rows in error, the mended sheet checks
 * clean and is imported as a batch; a reviewer approves it with a 保密审查 opinion, and the items
 * are on the public site with their 2017 dates, never late. Open cases go in from an XLSX.
 */
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, pdf } from '../support/browser.ts';

const journey = new Journey('import');
beforeAll(() => journey.start());
afterAll(() => journey.stop());

const header = '名称,信息类别,主题分类,文号,成文日期,发布日期,索引号,内容概述,附件';
const csvFile = (name: string, lines: string[]) => {
  const path = journey.artefact(name);
  writeFileSync(path, iconv.encode([header, ...lines].join('\r\n'), 'gbk'));
  return path;
};

describe('the old catalogue from a spreadsheet', () => {
  it('is checked, mended, imported as a batch, approved and published with its original dates', async () => {
    const stamp = Date.now().toString(36).toUpperCase();
    const first = `露水河镇2017年春季防火工作方案（${stamp}）`;
    const second = `露水河镇2017年农村低保资金发放情况（${stamp}）`;
    const bad = csvFile('catalogue-bad.csv', [
      `${first},其他应当主动公开的信息,综合政务,露政办〔2017〕9号,2017年3月30日,2017年3月1日,,防火工作方案。,方案.pdf`,
      `${second},招商信息,综合政务,,2017-05-02,2017-05-04,,低保资金发放情况。,`,
    ]);
    const good = csvFile('catalogue.csv', [
      `${first},其他应当主动公开的信息,综合政务,露政办〔2017〕9号,2017年3月1日,2017年3月3日,,防火工作方案。,方案.pdf`,
      `${second},招商信息,民政、扶贫、救灾,,2017-05-02,2017-05-04,,低保资金发放情况。,`,
    ]);
    const zip = journey.artefact('attachments.zip');
    writeFileSync(zip, zipSync({ '附件/方案.pdf': new Uint8Array(pdf('春季防火工作方案')) }));

    const handler = await journey.open('desktop');
    await journey.signInToConsole(handler, 'lsh-handler', '历史信息导入');
    await handler.getByRole('heading', { level: 1, name: '历史信息导入' }).waitFor();
    await journey.check(handler, 'console-imports');

    await handler.getByLabel(/^电子表格/).setInputFiles(bad);
    await handler.getByRole('button', { name: '检查', exact: true }).click();
    await handler.getByText(/检查完成：共 2 行，2 行有错误/).waitFor({ timeout: 30_000 });
    const errors = handler.getByRole('table', { name: /错误/ });
    expect(await errors.textContent()).toContain('第 2 行 发布日期：不能早于成文日期');
    expect(await errors.textContent()).toContain('第 2 行 附件：所选文件中没有「方案.pdf」');
    expect(await errors.textContent()).toContain('第 3 行 信息类别：「招商信息」不是法定主动公开内容的类别');
    expect(await handler.getByRole('button', { name: '导入' }).count()).toBe(0);
    await journey.check(handler, 'console-imports-errors');

    // A name the old site used: chosen once, kept for the agency's later imports.
    const categories = handler.getByRole('table', { name: /类别对应/ });
    expect(await categories.textContent()).toContain('未对应，请选择');
    await handler.getByLabel('「招商信息」对应的法定类别').selectOption({ label: '其他应当主动公开的信息' });
    await handler.getByRole('button', { name: '保存对应关系并重新检查' }).click();
    await handler.getByText(/检查完成：共 2 行，1 行有错误/).waitFor({ timeout: 30_000 });
    expect(await handler.getByRole('table', { name: /类别对应/ }).textContent()).toContain('本机关已选定');

    await handler.getByLabel(/^电子表格/).setInputFiles(good);
    await handler.getByLabel(/^附件/).setInputFiles(zip);
    await handler.getByRole('button', { name: '检查', exact: true }).click();
    await handler.getByText('检查完成：共 2 行，2 行可以导入。').waitFor({ timeout: 30_000 });
    await handler.getByRole('button', { name: '导入', exact: true }).click();
    await handler.getByText(/导入完成：暂存 2 行/).waitFor({ timeout: 30_000 });
    await handler.getByRole('link', { name: /打开批次/ }).click();
    await handler.getByRole('heading', { level: 1, name: /导入批次/ }).waitFor();
    expect(await handler.locator('main').textContent()).toContain('方案.pdf');
    await handler.getByRole('button', { name: '提交审核' }).click();
    await handler.getByText('已提交审核。').waitFor();
    const batchUrl = handler.url();

    const reviewer = await journey.open('desktop');
    await journey.signInToConsole(reviewer, 'lsh-reviewer');
    await reviewer.goto(batchUrl);
    await reviewer.getByRole('heading', { level: 1, name: /导入批次/ }).waitFor();
    await journey.check(reviewer, 'console-import-batch');
    await reviewer.getByLabel('保密审查意见').fill('经审查，均为原网站已公开的信息，不涉及国家秘密，同意导入。');
    await reviewer.getByRole('button', { name: '审核同意并导入' }).click();
    await expect.poll(() => reviewer.locator('dl.facts').textContent(), { timeout: 40_000 }).toContain('已发布 2 条');

    // On the site, with its 2017 date, in the town's listing.
    await expect
      .poll(async () => (await (await fetch(journey.url('/lushuihe/latest/'))).text()).includes(first), {
        timeout: 40_000,
      })
      .toBe(true);
    const site = await journey.open('phone');
    await site.goto(journey.url('/lushuihe/latest/'));
    await site.getByRole('link', { name: first }).click();
    await site.getByRole('heading', { level: 1, name: first }).waitFor();
    const text = await site.locator('main').textContent();
    expect(text).toContain('发布日期2017年3月3日');
    expect(text).toContain('方案.pdf');
    expect(text).not.toContain('逾期');
    await journey.check(site, 'imported-item');
  });

  it('takes open cases from an XLSX and shows the receipt numbers and query codes once', async () => {
    const today = new Date(Date.now() + 8 * 3600_000);
    const daysAgo = (n: number) => new Date(today.getTime() - n * 86_400_000).toISOString().slice(0, 10);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('在办申请');
    sheet.addRow(['原编号', '收到申请日期', '申请人类型', '姓名或名称', '证件号码', '联系电话', '所需信息名称']);
    sheet.addRow([
      'YSQ-2026-041',
      daysAgo(6),
      '公民',
      '赵春梅',
      '220621198003071237',
      '13904391234',
      '2026年村级道路维修资金使用情况',
    ]);
    const path = journey.artefact('cases.xlsx');
    writeFileSync(path, new Uint8Array(await workbook.xlsx.writeBuffer()));

    const handler = await journey.open('desktop');
    await journey.signInToConsole(handler, 'lsh-handler', '历史信息导入');
    await handler.getByLabel('导入内容').selectOption('applications');
    await handler.getByLabel(/^电子表格/).setInputFiles(path);
    await handler.getByRole('button', { name: '检查', exact: true }).click();
    await handler.getByText('检查完成：共 1 行，1 行可以导入。').waitFor({ timeout: 30_000 });
    await handler.getByRole('button', { name: '导入', exact: true }).click();
    const table = handler.getByRole('table', { name: /已登记的申请/ });
    await table.waitFor({ timeout: 30_000 });
    expect(await table.textContent()).toMatch(/YSQ-2026-041LSH-2026-\d{5}[A-Z2-9]{5}-[A-Z2-9]{5}/);
    await journey.check(handler, 'console-imports-cases');
  });
});
