import { readFileSync } from 'node:fs';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import {
  aggregateReports,
  archiveFromText,
  cellName,
  checkReport,
  compileAnnualReport,
  draftOverview,
  emptyEntries,
  outcomeRows,
  presentReport,
  reportFormat,
  nextReminderCheck,
  aggregateOfCells,
  figureCells,
  figureChanges,
  reportedFigures,
  reportReminder,
  table2Cells,
  type AnnualReport,
  type ReportEntries,
} from '#core/annual-report.ts';
import {
  caseCounters,
  countRecords,
  counterChanges,
  publicationCounters,
  type YearCounters,
} from '#core/report-counts.ts';
import { archivedReportPage, reportData, reportPage } from '#core/pages/report.ts';
import type { Agency } from '#core/agency.ts';
import { addDays } from '#core/dates.ts';

const shared = (path: string) => new URL(`../../../shared/${path}`, import.meta.url);

/** A year's entries that pass every rule: narratives, and each figure from other systems with its source. */
function completeEntries(): ReportEntries {
  const entries = emptyEntries();
  entries.sections = {
    一: '2025年，本镇认真贯彻落实《条例》，全年主动公开政府信息 40 条。',
    五: '一是信息更新不够及时；二是将加强业务培训。',
    六: '',
  };
  for (const cell of table2Cells.filter((c) => !c.compiled))
    entries.figures[`${cell.row}:${cell.column}`] = { value: cell.decimal ? 1.25 : 3, source: '审批系统' };
  return entries;
}

const counters: YearCounters = new Map<number, Record<string, number>>([
  [2024, { received_natural: 4, received_business: 1, ended_disclosed_natural: 2, doc_normativeDocuments_issued: 5 }],
  [
    2025,
    {
      received_natural: 10,
      received_research: 2,
      ended_disclosed_natural: 6,
      'ended_withheld.process_natural': 1,
      'ended_other.noPayment_research': 1,
      ended_partial_business: 1,
      doc_normativeDocuments_issued: 3,
      doc_normativeDocuments_repealed: 2,
      fee_notices: 2,
      fee_charged: 470000,
      fee_collected: 2000,
      case_reconsideration_upheld: 1,
      case_suitDirect_pending: 2,
    },
  ],
]);

describe('compiling a year from the counters', () => {
  const report = compileAnnualReport(2025, counters, completeEntries());

  it('uses exactly the row and column keys of the national format', () => {
    expect(Object.keys(report.table3)).toEqual(reportFormat.table3.rows.map((r) => r.key));
    for (const row of Object.values(report.table3))
      expect(Object.keys(row)).toEqual(reportFormat.table3.columns.map((c) => c.key));
    expect(Object.keys(report.table4)).toEqual(reportFormat.table4.groups.map((g) => g.key));
    expect(Object.keys(report.table2)).toEqual(reportFormat.table2.flatMap((t) => t.rows));
    expect(outcomeRows).toHaveLength(21);
  });

  it('carries over what was open across each year boundary, and totals rows and columns', () => {
    expect(report.table3.carriedIn).toMatchObject({ natural: 2, business: 1, total: 3 });
    expect(report.table3.received).toMatchObject({ natural: 10, research: 2, total: 12 });
    expect(report.table3.handledTotal).toMatchObject({ natural: 7, research: 1, business: 1, total: 9 });
    expect(report.table3.carriedOut).toMatchObject({ natural: 5, business: 0, research: 1, total: 6 });
  });

  it('counts 规章 and 行政规范性文件 issued, repealed and in force at the year end', () => {
    expect(report.table2.行政规范性文件).toEqual({ 本年制发件数: 3, 本年废止件数: 2, 现行有效件数: 6 });
    expect(report.table2.行政许可).toEqual({ 本年处理决定数量: 3 });
    expect(report.sources['table2:行政许可:本年处理决定数量']).toBe('审批系统');
  });

  it('counts cases of table 四 and fees of 六', () => {
    expect(report.table4.reconsideration).toEqual({ upheld: 1, corrected: 0, other: 0, pending: 0, total: 1 });
    expect(report.table4.suitDirect!.total).toBe(2);
    expect(report.fees).toEqual({ notices: 2, charged: 4700, collected: 20 });
  });

  it('passes every consistency rule', () => {
    expect(
      checkReport(report, {
        previousCarriedOut: compileAnnualReport(2024, counters, emptyEntries()).table3.carriedOut!,
      }),
    ).toEqual({ errors: [], warnings: [] });
  });
});

describe('each consistency rule, broken on purpose, is caught and names the cell', () => {
  const good = () => compileAnnualReport(2025, counters, completeEntries());
  const errorsOf = (report: AnnualReport) => checkReport(report).errors;

  it('一 + 二 = 三(七) + 四, per column', () => {
    const report = good();
    report.table3.carriedOut!.natural! += 1;
    report.table3.carriedOut!.total! += 1;
    expect(errorsOf(report)).toEqual([
      expect.objectContaining({
        rule: reportFormat.rules[0],
        cell: 'table3:carriedOut:natural',
        message: expect.stringContaining('表三“四、结转下年度继续办理”行“自然人”列'),
      }),
      expect.objectContaining({ rule: reportFormat.rules[0], cell: 'table3:carriedOut:total' }),
    ]);
  });

  it('三(七) = the sum of the 21 outcome rows', () => {
    const report = good();
    report.table3['withheld.stateSecret']!.research = 1;
    report.table3['withheld.stateSecret']!.total = 1;
    const errors = errorsOf(report);
    expect(errors.map((e) => e.cell)).toContain('table3:handledTotal:research');
    expect(errors.find((e) => e.cell === 'table3:handledTotal:research')!.rule).toBe(reportFormat.rules[1]);
  });

  it('总计 = the six applicant columns, per row', () => {
    const report = good();
    report.table3.received!.total = 13;
    const errors = errorsOf(report);
    expect(errors.find((e) => e.rule === reportFormat.rules[2])).toMatchObject({
      cell: 'table3:received:total',
      message: expect.stringContaining('应等于六类申请人之和 12'),
    });
  });

  it("table 四: each group's 总计 = its four results", () => {
    const report = good();
    report.table4.suitAfterReconsideration!.total = 1;
    expect(errorsOf(report)).toEqual([
      expect.objectContaining({
        rule: reportFormat.rules[3],
        cell: 'table4:suitAfterReconsideration:total',
        message: expect.stringContaining('表四“行政诉讼·复议后起诉”“总计”'),
      }),
    ]);
  });

  it('the cross-year rule is a warning, not an error', () => {
    const result = checkReport(good(), {
      previousCarriedOut: {
        natural: 3,
        business: 1,
        research: 0,
        publicWelfare: 0,
        legalService: 0,
        otherOrg: 0,
        total: 4,
      },
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.cell)).toEqual(['table3:carriedIn:natural', 'table3:carriedIn:total']);
    expect(result.warnings[0]).toMatchObject({
      rule: reportFormat.rules[4],
      message: expect.stringContaining('上年度报告“结转下年度继续办理”为 3'),
    });
  });

  it('cells: a missing figure, a negative one, a fraction where counts are whole, a figure with no source', () => {
    const entries = completeEntries();
    delete entries.figures['行政处罚:本年处理决定数量'];
    entries.figures['行政强制:本年处理决定数量'] = { value: -1, source: '执法系统' };
    entries.figures['行政许可:本年处理决定数量'] = { value: 2.5, source: '审批系统' };
    entries.figures['行政事业性收费:本年收费金额（单位：万元）'] = { value: 12.5, source: ' ' };
    const errors = errorsOf(compileAnnualReport(2025, counters, entries));
    expect(errors.map((e) => [e.rule, e.cell])).toEqual([
      [reportFormat.rules[5], 'table2:行政许可:本年处理决定数量'],
      [reportFormat.rules[5], 'table2:行政处罚:本年处理决定数量'],
      [reportFormat.rules[5], 'table2:行政强制:本年处理决定数量'],
      [reportFormat.rules[5], 'table2:行政事业性收费:本年收费金额（单位：万元）'],
    ]);
    expect(errors[1]!.message).toBe('表二“行政处罚”行“本年处理决定数量”：请填写数字，或标为不适用。');
    expect(errors[3]!.message).toContain('请注明数据来源');
  });

  it('a cell marked not applicable is not 0: it shows no figure, and may not hide a recorded one', () => {
    const entries = completeEntries();
    delete entries.figures['行政强制:本年处理决定数量'];
    entries.notApplicable = [
      'table2:行政强制:本年处理决定数量',
      'table2:规章:本年制发件数',
      'table3:received:research',
    ];
    const report = compileAnnualReport(2025, counters, entries);
    expect(presentReport(report).table2.行政强制).toEqual({ 本年处理决定数量: null });
    expect(presentReport(report).table2.规章!.本年制发件数).toBeNull();
    const errors = errorsOf(report);
    expect(errors.map((e) => e.cell)).toContain('table3:received:research');
    expect(errors.find((e) => e.cell === 'table3:received:research')!.message).toContain(
      '已标为不适用，但本年记录中有 2 件',
    );
    expect(errors.map((e) => e.cell)).not.toContain('table2:行政强制:本年处理决定数量');
    expect(errors.map((e) => e.cell)).not.toContain('table2:规章:本年制发件数');
  });

  it('sections 一 and 五 must be written', () => {
    const entries = completeEntries();
    entries.sections.五 = '  ';
    expect(errorsOf(compileAnnualReport(2025, counters, entries))).toEqual([
      expect.objectContaining({ cell: 'section:五', message: '五、存在的主要问题及改进情况：请填写。' }),
    ]);
  });

  it('refuses personal data in its text (个人信息检查), masked in the message', () => {
    const entries = completeEntries();
    entries.sections.六 = '如有疑问请联系经办人陈静，手机 13812345678。';
    const errors = errorsOf(compileAnnualReport(2025, counters, entries));
    expect(errors).toEqual([expect.objectContaining({ rule: '个人信息检查', cell: 'section:六' })]);
    expect(errors[0]!.message).toContain('手机号码（陈静）');
    expect(errors[0]!.message).toContain('138****5678');
    expect(errors[0]!.message).not.toContain('13812345678');
  });

  it('counts a draft heading with nothing under it, or a word or two, as not yet written', () => {
    const entries = completeEntries();
    const counted = compileAnnualReport(2025, counters, entries);
    entries.sections.一 = draftOverview(counted, '露水河镇人民政府');
    entries.sections.五 = '无。';
    expect(errorsOf(compileAnnualReport(2025, counters, entries)).map((e) => e.message)).toEqual([
      '一、总体情况：（三）政府信息管理尚无内容，请在该标题后写明本年度的情况。',
      '一、总体情况：（四）政府信息公开平台建设尚无内容，请在该标题后写明本年度的情况。',
      '一、总体情况：（五）监督保障尚无内容，请在该标题后写明本年度的情况。',
      '五、存在的主要问题及改进情况：内容过短（2 字），请写明本年度的实际情况。',
    ]);
    entries.sections.一 = entries.sections.一
      .replace('（三）政府信息管理。', '（三）政府信息管理。建立健全信息发布审核机制。')
      .replace('（四）政府信息公开平台建设。', '（四）政府信息公开平台建设。专栏栏目完整。')
      .replace('（五）监督保障。', '（五）监督保障。开展培训两次。');
    entries.sections.五 = '一是信息更新不够及时；二是将加强培训。';
    expect(errorsOf(compileAnnualReport(2025, counters, entries))).toEqual([]);
  });
});

describe('the counts of one record, and what a step adds', () => {
  it('moves a case from 尚未审结 to its result only if decided within its filing year', () => {
    const pending = caseCounters({ group: 'reconsideration', filedOn: '2025-11-03', result: 'pending' });
    const decidedSameYear = caseCounters({
      group: 'reconsideration',
      filedOn: '2025-11-03',
      decidedOn: '2025-12-20',
      result: 'corrected',
    });
    const decidedNextYear = caseCounters({
      group: 'reconsideration',
      filedOn: '2025-11-03',
      decidedOn: '2026-01-20',
      result: 'corrected',
    });
    expect(counterChanges(pending, decidedSameYear)).toEqual([
      { year: 2025, name: 'case_reconsideration_corrected', by: 1 },
      { year: 2025, name: 'case_reconsideration_pending', by: -1 },
      // 工作统计 counts the decision in the month it was made.
      { year: 2025, name: 'm12_case_reconsideration_corrected', by: 1 },
    ]);
    // The report keeps it 尚未审结 in 2025; the statistics count the decision in January 2026.
    expect(counterChanges(pending, decidedNextYear)).toEqual([
      { year: 2026, name: 'm01_case_reconsideration_corrected', by: 1 },
    ]);
  });

  it('moves a normative document from issued to repealed (and out of force) when a revision repeals it, and out of every count when withdrawn', () => {
    const content = {
      title: 't',
      category: 'normative',
      topic: 'x',
      writtenOn: '2024-03-01',
      summary: '',
      bodyHtml: '',
      attachments: [],
    };
    const published = {
      revision: 1,
      content: { ...content, validity: { state: 'valid' as const } },
      publishedOn: '2024-03-05',
      late: false,
      lateText: '',
    };
    const repealed = {
      ...published,
      revision: 2,
      content: { ...content, validity: { state: 'repealed' as const, repealedOn: '2025-06-30' } },
    };
    expect(
      counterChanges(
        publicationCounters({ status: 'published', published }),
        publicationCounters({ status: 'published', published: repealed }),
      ),
    ).toEqual([{ year: 2025, name: 'doc_normativeDocuments_repealed', by: 1 }]);
    expect(
      counterChanges(
        publicationCounters({ status: 'published', published: repealed }),
        publicationCounters({ status: 'withdrawn', published: repealed }),
      ),
    ).toEqual([
      { year: 2024, name: 'doc_normativeDocuments_issued', by: -1 },
      { year: 2025, name: 'doc_normativeDocuments_repealed', by: -1 },
    ]);
  });

  it('sums the same counts over records in the recount', () => {
    const applicant = { kind: 'person', name: 'x', idType: 'resident', idNumber: '1', phone: '1' } as const;
    const counted = countRecords({
      applications: [
        {
          receiptDate: '2025-05-06',
          applicant,
          handling: {
            fee: {
              calculation: { total: 47 } as never,
              noticeOn: '2025-05-10',
              dueBy: '2025-06-10',
              paidOn: '2025-05-20',
            },
          },
        },
      ],
      cases: [{ group: 'suitDirect', filedOn: '2025-07-01', result: 'pending' }],
    });
    expect(counted.get(2025)).toEqual({
      received_natural: 1,
      fee_notices: 1,
      fee_charged: 4700,
      fee_collected: 4700,
      case_suitDirect_pending: 1,
      m05_received: 1,
      m05_fees: 1,
      m07_case_suitDirect_filed: 1,
    });
  });
});

describe('the format as data', () => {
  it('is the shared domain file, unchanged', () => {
    expect(reportFormat).toEqual(JSON.parse(readFileSync(shared('domain/annual-report-2021.json'), 'utf8')));
  });

  it('names cells as the printed format does', () => {
    expect(cellName('table3:withheld.stateSecret:business')).toBe(
      '表三“（三）不予公开1.属于国家秘密”行“法人或其他组织·商业企业”列',
    );
    expect(cellName('table2:行政许可:本年处理决定数量')).toBe('表二“行政许可”行“本年处理决定数量”');
  });
});

describe("the county's aggregate", () => {
  it("adds the agencies' tables, with cells not applicable adding nothing", () => {
    const a = compileAnnualReport(2025, counters, completeEntries());
    const b = compileAnnualReport(2025, counters, {
      ...completeEntries(),
      notApplicable: ['table2:行政许可:本年处理决定数量'],
    });
    const sum = aggregateReports([a, b]);
    expect(sum.table3.received!.total).toBe(24);
    expect(sum.table2.行政许可!.本年处理决定数量).toBe(3);
    expect(sum.fees.charged).toBe(9400);
  });
});

describe("an overview's sum kept cell by cell", () => {
  const reports = [1, 7].map((n) => {
    const report = compileAnnualReport(2025, counters, {
      ...completeEntries(),
      notApplicable: n === 1 ? ['table2:规章:本年制发件数' as const] : [],
    });
    return { ...report, fees: { notices: n, charged: n * 10.5, collected: n * 3.25 } };
  });
  const add = (...cells: Record<string, number>[]) => {
    const sum: Record<string, number> = {};
    for (const c of cells) for (const [k, v] of Object.entries(c)) sum[k] = (sum[k] ?? 0) + v;
    return sum;
  };

  it('adds up to what adding the reports gives, with their count', () => {
    const { aggregate, reports: count } = aggregateOfCells(add(...reports.map((r) => figureCells(r))));
    expect(aggregate).toEqual(aggregateReports(reports));
    expect(count).toBe(2);
  });

  it('takes back what a report returned for changes had added, and adds nothing for a draft', () => {
    const [first, second] = reports;
    const submitted = add(figureCells(first), figureCells(second));
    const returned = add(submitted, figureChanges(second, undefined));
    expect(aggregateOfCells(returned)).toEqual({ aggregate: aggregateReports([first!]), reports: 1 });
    expect(figureChanges(first, first)).toEqual({});
    expect(reportedFigures({ status: 'returned', submitted: { report: first! } })).toBeUndefined();
    expect(reportedFigures({ status: 'submitted', submitted: { report: first! } })).toBe(first);
  });
});

describe("reminders of last year's report", () => {
  const town = { name: '露水河镇人民政府', kind: 'town' as const };
  const county = { name: '抚松县人民政府', kind: 'county' as const };

  it('reminds a town within 14 days of 31 January, then once when overdue, and not once it has submitted', () => {
    expect(reportReminder(town, undefined, '2026-01-16')).toBeUndefined();
    expect(reportReminder(town, undefined, '2026-01-17')).toMatchObject({
      key: 'soon:2026-01-31',
      text: expect.stringContaining('应于2026年1月31日前报送'),
    });
    expect(reportReminder(town, { status: 'draft', reminded: ['soon:2026-01-31'] }, '2026-01-20')).toBeUndefined();
    expect(reportReminder(town, { status: 'draft', reminded: ['soon:2026-01-31'] }, '2026-02-01')).toMatchObject({
      key: 'overdue:2026-01-31',
    });
    expect(reportReminder(town, { status: 'submitted' }, '2026-01-20')).toBeUndefined();
    expect(reportReminder(town, undefined, '2026-03-03')).toBeUndefined(); // a month on, the county's overview shows it overdue
  });

  it('reminds the county ahead of 31 March until it has published', () => {
    expect(reportReminder(county, undefined, '2026-01-20')).toBeUndefined();
    expect(reportReminder(county, { status: 'submitted' }, '2026-03-20')).toMatchObject({
      key: 'soon:2026-03-31',
      text: expect.stringContaining('向社会公布'),
    });
    expect(reportReminder(county, { status: 'published' }, '2026-03-20')).toBeUndefined();
  });

  it("holds each agency on the sweep's agenda until the next day a reminder may be due", () => {
    expect(nextReminderCheck('town', '2026-12-07')).toBe('2027-01-17');
    expect(nextReminderCheck('town', '2027-01-17')).toBe('2027-02-01');
    expect(nextReminderCheck('town', '2027-02-01')).toBe('2028-01-17');
    expect(nextReminderCheck('province', '2026-12-07')).toBe('2027-03-17');
    expect(nextReminderCheck('city', '2027-03-20')).toBe('2027-04-01');
    // Between a day and the next it names, reportReminder never has a reminder that day did not already have.
    for (const kind of ['town', 'county'] as const)
      for (let day = '2026-01-01'; day < '2027-01-01'; day = addDays(day, 7)) {
        const asked = reportReminder({ name: 'x', kind }, undefined, day)?.key;
        for (let later = addDays(day, 1); later < nextReminderCheck(kind, day); later = addDays(later, 1))
          expect([undefined, asked]).toContain(reportReminder({ name: 'x', kind }, undefined, later)?.key);
      }
  });
});

describe('the published page', () => {
  const agency = {
    id: 'lushuihe',
    name: '露水河镇人民政府',
    kind: 'town',
    parentId: 'fusong',
    order: 20,
    acceptsApplications: true,
    code: 'LSH',
  } as Agency;
  const entries = { ...completeEntries(), notApplicable: ['table2:规章:本年制发件数' as const] };
  const site = {
    government: '抚松县人民政府',
    identity: {},
    domain: 'gk.fusong.gov.cn',
    contact: '/fusong/guide.html',
  };
  const page = reportPage(agency, compileAnnualReport(2025, counters, entries), '2026-01-20', site);

  it('has every row and column label of the national format, in order', () => {
    // The headings and header cells, in document order, as a reader (or a screen reader) meets them.
    const heads: string[] = [];
    let text: string | undefined;
    const parser = new Parser(
      {
        onopentag: (name) => {
          if (['h2', 'th'].includes(name)) text = '';
        },
        ontext: (t) => {
          if (text !== undefined) text += t;
        },
        onclosetag: (name) => {
          if (['h2', 'th'].includes(name) && text !== undefined) heads.push(text.trim());
          if (['h2', 'th'].includes(name)) text = undefined;
        },
      },
      { decodeEntities: true },
    );
    parser.end(page);
    const t3 = reportFormat.table3;
    const organisations = t3.columns.filter((c) => c.group).map((c) => c.label);
    const expected = [
      reportFormat.sections[0],
      reportFormat.sections[1],
      ...reportFormat.table2.flatMap((t) => [t.item, '信息内容', ...t.columns, ...t.rows]),
      reportFormat.sections[2],
      t3.note,
      '申请人情况',
      '自然人',
      '法人或其他组织',
      '总计',
      ...organisations,
      ...t3.rows.flatMap((r, i) => {
        const groupStart =
          r.group && r.group !== '三、本年度办理结果' && t3.rows[i - 1]?.group !== r.group ? [r.group] : [];
        return [...(r.key === 'disclosed' ? ['三、本年度办理结果'] : []), ...groupStart, r.label];
      }),
      reportFormat.sections[3],
      '行政复议',
      '行政诉讼',
      ...reportFormat.table4.columns.map((c) => c.label),
      '未经复议直接起诉',
      '复议后起诉',
      ...reportFormat.table4.columns.map((c) => c.label),
      ...reportFormat.table4.columns.map((c) => c.label),
      reportFormat.sections[4],
      reportFormat.sections[5],
    ];
    expect(heads).toEqual(expected);
    expect(page).toContain('<th rowspan="22" scope="rowgroup" class="vertical">三、本年度办理结果</th>');
    expect(page).toContain('<th colspan="5" scope="colgroup">法人或其他组织</th>');
    expect(page).toContain('<td class="na">—<span class="visually-hidden">不适用</span></td>');
    expect(page).toContain('本年度发出收费通知 2 件，通知收费金额合计 4700.00 元，实际收取 20.00 元');
  });

  it("puts the figures beside it as JSON with the format's keys and as CSV with the labels", () => {
    const { json, csv } = reportData(agency, compileAnnualReport(2025, counters, entries), '2026-01-20');
    const data = JSON.parse(json);
    expect(Object.keys(data.table3)).toEqual(reportFormat.table3.rows.map((r) => r.key));
    expect(data.table2.规章.本年制发件数).toBeNull();
    expect(csv.startsWith('\uFEFF"表","项目","行","列","数值","数据来源"')).toBe(true);
    expect(csv).toContain('"三","（三）不予公开","1.属于国家秘密","法人或其他组织·商业企业","0",""');
    expect(csv).toContain('"二","第二十条第（一）项","规章","本年制发件数","不适用",""');
  });

  it('reads the 2017 Lushuihe report as an archive: title, date and text without the web page around it', () => {
    const archive = archiveFromText(readFileSync(shared('reference/lushuihe-town-2017-annual-report.txt'), 'utf8'));
    expect(archive.title).toBe('露水河镇2017年政府信息公开工作年度报告');
    expect(archive.publishedOn).toBe('2018-03-16');
    expect(archive.text).not.toContain('登录');
    expect(archive.text).not.toContain('点击数');
    expect(archive.text).toContain('一、情况概述');
    const html = archivedReportPage(
      agency,
      2017,
      { ...archive, source: '原网站' },
      { government: '抚松县人民政府', identity: {}, domain: '', contact: '/' },
    );
    expect(html).toContain('<h1>露水河镇2017年政府信息公开工作年度报告</h1>');
    expect(html).toContain('2021 年以前的年度报告未采用现行统一格式');
  });

  it('keeps the seeded copy of the 2017 report equal to the shared reference', () => {
    expect(
      readFileSync(new URL('../../cdk/local/archive/lushuihe-town-2017-annual-report.txt', import.meta.url), 'utf8'),
    ).toBe(readFileSync(shared('reference/lushuihe-town-2017-annual-report.txt'), 'utf8'));
  });
});
