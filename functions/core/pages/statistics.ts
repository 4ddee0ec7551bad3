/**
 * 工作统计 on the public site: the county's year (itself and every agency under it) as charts with
 * their tables, readable without script, and the same aggregates as open data (JSON, CSV). Counts
 * only: no application, no applicant.
 */
import { barChart, svgMarkup, type Tree } from '#web/charts.js';
import type { SiteContext } from '../agency.ts';
import { statisticsColumns, statisticsRows, type Statistics } from '../statistics.ts';
import { paths, urlOf } from '../site-plan.ts';
import { csvCell, html, libraryMarkup, type Html } from './html.ts';
import { sitePage } from './site.ts';

export interface AgencyStatistics {
  agency: { id: string; name: string };
  statistics: Statistics;
}

const rate = (s: Statistics) => (s.onTimeRate === null ? '—' : `${s.onTimeRate}%`);
/** charts.js escapes every text and attribute it writes: its markup goes in as it is. */
const chart = (tree: Tree): Html => libraryMarkup(svgMarkup(tree));

/** The charts and tables of one year's statistics (the site's page; the console draws the same). */
export function statisticsBody(stats: Statistics): Html {
  const monthRows = stats.months.map((m) => ({ label: `${m.month} 月`, value: m.received }));
  const outcomes = stats.outcomes.filter((o) => o.count);
  return html`<section aria-labelledby="rate-title"><h2 id="rate-title">按时答复</h2>
<p class="figures"><span>新收申请 <strong>${stats.total.received}</strong> 件</span><span>作出答复 <strong>${stats.total.answered}</strong> 件</span><span>按时答复率 <strong>${rate(stats)}</strong></span></p>
<p class="definition">${stats.definition}</p>
</section>
<section aria-labelledby="months-title"><h2 id="months-title">各月办理情况</h2>
${chart(barChart({ title: `${stats.year} 年各月新收申请（件）`, rows: monthRows }))}
<div class="table-wrap"><table><caption>${stats.year} 年各月办理情况（件）</caption>
<thead><tr><th scope="col">月份</th><th scope="col">新收申请</th><th scope="col">作出答复</th><th scope="col">按时</th><th scope="col">超期</th><th scope="col">告知补正</th><th scope="col">延长期限</th><th scope="col">收费通知</th><th scope="col">行政复议</th><th scope="col">行政诉讼</th></tr></thead>
<tbody>${[...stats.months, stats.total].map((m) => html`<tr><th scope="row">${m.month ? `${m.month} 月` : '全年'}</th><td>${m.received}</td><td>${m.answered}</td><td>${m.onTime}</td><td>${m.late}</td><td>${m.corrections}</td><td>${m.extensions}</td><td>${m.fees}</td><td>${m.reconsiderations}</td><td>${m.lawsuits}</td></tr>`)}</tbody></table></div>
</section>
<section aria-labelledby="days-title"><h2 id="days-title">答复用时</h2>
${chart(barChart({ title: `${stats.year} 年答复所用工作日（件）`, rows: stats.days.map((d) => ({ label: d.label, value: d.count })) }))}
<div class="table-wrap"><table><caption>答复所用工作日（不含征求意见、等待缴费期间）</caption>
<thead><tr><th scope="col">用时</th><th scope="col">件数</th></tr></thead>
<tbody>${stats.days.map((d) => html`<tr><th scope="row">${d.label}</th><td>${d.count}</td></tr>`)}</tbody></table></div>
</section>
<section aria-labelledby="outcomes-title"><h2 id="outcomes-title">办理结果</h2>
${outcomes.length ? chart(barChart({ title: `${stats.year} 年办理结果（件）`, rows: outcomes.map((o) => ({ label: o.label.replace(/（.*）/, '').replace(/^\d\./, ''), value: o.count })) })) : html`<p>本年度尚无办结的申请。</p>`}
<div class="table-wrap"><table><caption>办理结果（按《政府信息公开工作年度报告格式》表三分类，件）</caption>
<thead><tr><th scope="col">类别</th><th scope="col">结果</th><th scope="col">件数</th></tr></thead>
<tbody>${stats.outcomes.map((o) => html`<tr><td>${o.group}</td><th scope="row">${o.label}</th><td>${o.count}</td></tr>`)}</tbody></table></div>
</section>
<section aria-labelledby="cases-title"><h2 id="cases-title">行政复议、行政诉讼</h2>
<div class="table-wrap"><table><caption>按立案、决定的月份统计（件）</caption>
<thead><tr><th scope="col">类型</th><th scope="col">立案</th><th scope="col">结果维持</th><th scope="col">结果纠正</th><th scope="col">其他结果</th></tr></thead>
<tbody>${stats.cases.map((c) => html`<tr><th scope="row">${c.label}</th><td>${c.filed}</td><td>${c.upheld}</td><td>${c.corrected}</td><td>${c.other}</td></tr>`)}</tbody></table></div>
</section>`;
}

/** The county's year: its figures, then each agency's row. */
export function statisticsPage(
  county: { name: string; statistics: Statistics },
  agencies: AgencyStatistics[],
  years: number[],
  site: SiteContext,
): string {
  const { year } = county.statistics;
  const body = html`<h1>政府信息公开工作统计（${year} 年）</h1>
<p>${county.name}及所属部门、乡镇依申请公开工作的统计，由平台记录的办理情况每日汇总，仅含数量，不含申请人信息。</p>
<nav aria-label="年度"><p>${years.map((y) => (y === year ? html`<strong>${y} 年</strong> ` : html`<a href="${urlOf(paths.statisticsPage(y, years[0]!))}">${y} 年</a> `))}· 开放数据：<a href="${urlOf(paths.statisticsData(year, 'json'))}">JSON</a> · <a href="${urlOf(paths.statisticsData(year, 'csv'))}">CSV</a></p></nav>
${statisticsBody(county.statistics)}
<section aria-labelledby="agencies-title"><h2 id="agencies-title">各机关</h2>
<div class="table-wrap"><table><caption>${year} 年各机关办理情况</caption>
<thead><tr><th scope="col">机关</th><th scope="col">新收申请</th><th scope="col">作出答复</th><th scope="col">按时</th><th scope="col">超期</th><th scope="col">按时答复率</th></tr></thead>
<tbody>${agencies.map(({ agency, statistics: s }) => html`<tr><th scope="row">${agency.name}</th><td>${s.total.received}</td><td>${s.total.answered}</td><td>${s.total.onTime}</td><td>${s.total.late}</td><td>${rate(s)}</td></tr>`)}</tbody></table></div>
</section>`;
  return sitePage(`工作统计（${year} 年）`, body, { site, meta: { column: { name: '工作统计', type: '政务公开' } } });
}

/** The year's open data: JSON (county and each agency) and CSV (a row per agency and month, month 0 the year). */
export function statisticsData(
  county: { id: string; name: string; statistics: Statistics },
  agencies: AgencyStatistics[],
  updatedAt: string,
): { json: string; csv: string } {
  const { year, definition } = county.statistics;
  const json = JSON.stringify(
    {
      title: `政府信息公开工作统计（${year} 年）`,
      description: '依申请公开工作的汇总数量（按月、按年），不含任何申请或申请人信息。',
      year,
      updatedAt,
      definition,
      county: { agencyId: county.id, agencyName: `${county.name}（汇总）`, ...county.statistics },
      agencies: agencies.map(({ agency, statistics }) => ({
        agencyId: agency.id,
        agencyName: agency.name,
        ...statistics,
      })),
    },
    null,
    1,
  );
  const rows = [
    ...statisticsRows({ id: county.id, name: `${county.name}（汇总）` }, county.statistics),
    ...agencies.flatMap(({ agency, statistics }) => statisticsRows(agency, statistics)),
  ];
  const csv = `\uFEFF${[
    statisticsColumns.map(([, label]) => csvCell(label)).join(','),
    ...rows.map((row) => statisticsColumns.map(([key]) => csvCell(row[key])).join(',')),
  ].join('\r\n')}\r\n`;
  return { json, csv };
}
