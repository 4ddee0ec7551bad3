/**
 * 政府信息公开工作年度报告 as published in the agency's column: laid out like the national format
 * (国办公开办函〔2021〕30号) with its merged table headers, printable to A4, with the figures as JSON
 * and CSV beside it. Earlier years' reports kept as documents get a page of their own text.
 */
import type { Agency, SiteContext } from '../agency.ts';
import {
  feeStatement,
  presentReport,
  reportFormat,
  table2Cells,
  table3Columns,
  table3Rows,
  table4Columns,
  table4Groups,
  type AnnualReport,
  type SectionKey,
} from '../annual-report.ts';
import { formatDate } from '../dates.ts';
import { csvCell, html, type Html } from './html.ts';
import { sitePage } from './site.ts';
import { paths, urlOf } from '../site-plan.ts';

export const reportTitle = (agency: Pick<Agency, 'name'>, year: number) =>
  `${agency.name}${year}年政府信息公开工作年度报告`;

/** A figure, or the mark of a cell not applicable. */
const cell = (value: number | null | undefined, colspan = 1) => {
  const span = colspan > 1 ? html` colspan="${colspan}"` : '';
  return value === null || value === undefined
    ? html`<td class="na"${span}>—<span class="visually-hidden">不适用</span></td>`
    : html`<td${span}>${value}</td>`;
};

/** Staff-written text as paragraphs (never markup). */
const paragraphs = (text: string): Html[] =>
  text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => html`<p>${p}</p>`);

function table2(report: AnnualReport): Html {
  const groups = reportFormat.table2;
  return html`<table class="report-table t2"><caption class="visually-hidden">二、主动公开政府信息情况</caption>
${groups.map(
  (group) => html`<tbody>
<tr><th colspan="4" scope="colgroup" class="item">${group.item}</th></tr>
<tr><th scope="col">信息内容</th>${group.columns.map((c) => html`<th scope="col"${group.columns.length === 1 ? html` colspan="3"` : ''}>${c}</th>`)}</tr>
${group.rows.map((row) => html`<tr><th scope="row">${row}</th>${group.columns.map((c) => cell(report.table2[row]?.[c], 4 - group.columns.length))}</tr>`)}
</tbody>`,
)}
</table>`;
}

function table3(report: AnnualReport): Html {
  const [natural, ...rest] = table3Columns;
  const organisations = rest.filter((c) => c.group);
  const total = rest.find((c) => c.key === 'total')!;
  const row = (key: string) => table3Columns.map((c) => cell(report.table3[key]?.[c.key]));
  const leaves = table3Rows.filter((r) => r.group && r.group !== '三、本年度办理结果');
  const groups = [...new Set(leaves.map((r) => r.group!))];
  const handled = table3Rows.filter((r) => r.group);
  const body: Html[] = [];
  for (const r of table3Rows) {
    if (!r.group) {
      body.push(html`<tr><th colspan="3" scope="row">${r.label}</th>${row(r.key)}</tr>`);
      continue;
    }
    const first =
      r === handled[0]
        ? html`<th rowspan="${handled.length}" scope="rowgroup" class="vertical">三、本年度办理结果</th>`
        : '';
    if (r.group === '三、本年度办理结果') {
      body.push(html`<tr>${first}<th colspan="2" scope="row">${r.label}</th>${row(r.key)}</tr>`);
    } else {
      const members = leaves.filter((l) => l.group === r.group);
      const head = members[0] === r ? html`<th rowspan="${members.length}" scope="rowgroup">${r.group}</th>` : '';
      body.push(html`<tr>${first}${head}<th scope="row">${r.label}</th>${row(r.key)}</tr>`);
    }
  }
  return html`<table class="report-table t3"><caption class="visually-hidden">三、收到和处理政府信息公开申请情况（${groups.length} 类办理结果）</caption>
<thead>
<tr><th colspan="3" rowspan="3" scope="col" class="note">${reportFormat.table3.note}</th><th colspan="7" scope="colgroup">申请人情况</th></tr>
<tr><th rowspan="2" scope="col">${natural!.label}</th><th colspan="${organisations.length}" scope="colgroup">法人或其他组织</th><th rowspan="2" scope="col">${total.label}</th></tr>
<tr>${organisations.map((c) => html`<th scope="col">${c.label}</th>`)}</tr>
</thead>
<tbody>${body}</tbody></table>`;
}

function table4(report: AnnualReport): Html {
  const [reconsideration, ...suits] = table4Groups;
  const heads = table4Columns.map((c) => html`<th scope="col">${c.label}</th>`);
  return html`<table class="report-table t4"><caption class="visually-hidden">四、政府信息公开行政复议、行政诉讼情况</caption>
<thead>
<tr><th colspan="5" scope="colgroup">${reconsideration!.label}</th><th colspan="10" scope="colgroup">行政诉讼</th></tr>
<tr>${table4Columns.map((c) => html`<th rowspan="2" scope="col">${c.label}</th>`)}${suits.map((g) => html`<th colspan="5" scope="colgroup">${g.label}</th>`)}</tr>
<tr>${suits.map(() => heads)}</tr>
</thead>
<tbody><tr>${table4Groups.map((g) => table4Columns.map((c) => cell(report.table4[g.key]?.[c.key])))}</tr></tbody></table>`;
}

const section = (title: string, content: Html | Html[]) =>
  html`<section class="report-section"><h2>${title}</h2>${content}</section>`;
/** A table wider than a phone scrolls on its own, and can be scrolled from the keyboard too. */
const scrolling = (title: string, table: Html) =>
  html`<div class="report-scroll" role="region" tabindex="0" aria-label="${title}">${table}</div>`;

/** The published report's page. */
export function reportPage(agency: Agency, stored: AnnualReport, publishedOn: string, site: SiteContext): string {
  const report = presentReport(stored);
  const title = reportTitle(agency, report.year);
  const text = (key: SectionKey) => paragraphs(report.sections[key]);
  const [s1, s2, s3, s4, s5, s6] = reportFormat.sections;
  const base = urlOf(paths.reportDir(agency.id, report.year));
  const hasNa = report.notApplicable.length > 0;
  const body = html`<article class="report">
<p class="agency-name">${agency.name}</p>
<h1>${title}</h1>
<p class="report-meta">发布日期：${formatDate(publishedOn, false)}</p>
<p class="lead">本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条和《中华人民共和国政府信息公开工作年度报告格式》（${report.format}）编制。报告中所列数据的统计期限自${report.year}年1月1日起至${report.year}年12月31日止。</p>
${section(s1!, text('一'))}
${section(s2!, scrolling(s2!, table2(report)))}
${section(s3!, scrolling(s3!, table3(report)))}
${section(s4!, scrolling(s4!, table4(report)))}
${section(s5!, text('五'))}
${section(s6!, [html`<p>${feeStatement(report.fees)}</p>`, ...text('六')])}
${hasNa ? html`<p class="hint">注：表中“—”表示该项不适用于本机关。</p>` : ''}
${Object.keys(report.sources).length ? html`<p class="hint">表二数据来源：${Object.entries(report.sources).map(([ref, source], i) => html`${i ? '；' : ''}${ref.split(':').slice(1).join('')}：${source}`)}。</p>` : ''}
<p class="no-print">数据下载：<a href="${base}report.json">JSON</a> · <a href="${base}report.csv">CSV</a> · <a href="${urlOf(paths.agencyPage(agency.id, 'reports'))}">历年报告</a></p>
</article>`;
  return sitePage(title, body, {
    site,
    meta: {
      column: { name: '政府信息公开年报', type: '政府信息公开' },
      article: { title, pubDate: publishedOn, source: agency.name },
    },
    crumbs: [
      [agency.name, urlOf(paths.agencyHome(agency.id))],
      ['政府信息公开年报', urlOf(paths.agencyPage(agency.id, 'reports'))],
      [`${report.year}年`, ''],
    ],
  });
}

/** The report's figures as open data: the JSON keys are the format's row and column keys. */
export function reportData(agency: Agency, stored: AnnualReport, publishedOn: string): { json: string; csv: string } {
  const report = presentReport(stored);
  const { published: _published, ...figures } = report;
  const json = JSON.stringify(
    { agencyId: agency.id, agency: agency.name, title: reportTitle(agency, report.year), publishedOn, ...figures },
    null,
    1,
  );
  const rows: (string | number | null)[][] = [['表', '项目', '行', '列', '数值', '数据来源']];
  for (const c of table2Cells)
    rows.push([
      '二',
      c.item,
      c.row,
      c.column,
      report.table2[c.row]?.[c.column] ?? null,
      report.sources[`table2:${c.row}:${c.column}`] ?? '',
    ]);
  for (const r of table3Rows)
    for (const c of table3Columns)
      rows.push([
        '三',
        r.group ?? '',
        r.label,
        c.group ? `${c.group}·${c.label}` : c.label,
        report.table3[r.key]?.[c.key] ?? null,
        '',
      ]);
  for (const g of table4Groups)
    for (const c of table4Columns)
      rows.push(['四', g.parent ?? '', g.label, c.label, report.table4[g.key]?.[c.key] ?? null, '']);
  rows.push(
    ['六', '收费', '收费通知', '件数', report.fees.notices, ''],
    ['六', '收费', '通知收费金额', '元', report.fees.charged, ''],
    ['六', '收费', '实际收取金额', '元', report.fees.collected, ''],
  );
  return {
    json,
    csv: `\uFEFF${rows.map((r) => r.map((v) => csvCell(v ?? '不适用')).join(',')).join('\r\n')}\r\n`,
  };
}

/** An earlier year's report kept as the document it was. */
export function archivedReportPage(
  agency: Agency,
  year: number,
  archive: { title: string; text: string; publishedOn: string; source: string },
  site: SiteContext,
): string {
  const body = html`<article class="report archived">
<p class="agency-name">${agency.name}</p>
<h1>${archive.title}</h1>
<p class="report-meta">发布日期：${formatDate(archive.publishedOn, false)}</p>
<p class="notice">本报告为存档文件，按原文收录（来源：${archive.source}）。${year < 2021 ? '2021 年以前的年度报告未采用现行统一格式，无表格数据。' : ''}</p>
${paragraphs(archive.text)}
</article>`;
  return sitePage(archive.title, body, {
    site,
    meta: {
      column: { name: '政府信息公开年报', type: '政府信息公开' },
      article: { title: archive.title, pubDate: archive.publishedOn, source: archive.source },
    },
    crumbs: [
      [agency.name, urlOf(paths.agencyHome(agency.id))],
      ['政府信息公开年报', urlOf(paths.agencyPage(agency.id, 'reports'))],
      [`${year}年`, ''],
    ],
  });
}
