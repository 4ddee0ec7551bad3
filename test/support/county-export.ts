/**
 * Outside material for the history imports (历史信息导入): what a county's old CMS and its disclosure
 * office's register hold and export, written from the regulation and from county sites, not from
 * our importer. Seeded, so every run sees the same files; nothing runs on import.
 *
 * Category names as county sites write them (pages read 2026-12 through the pages search corpus):
 * - 宝清县 guide, https://hlbaoqing.gov.cn/bq/1263/202403/c07_5894.shtml — 规范性文件, 机构职能,
 *   行政权力, 法律法规, 部门文件, 政务信息 (工作动态)
 * - 罗庄 目录, http://luozhuang.gov.cn/info/5349/59093.htm — 机构职能, 政策解读, 规划计划,
 *   "双随机,一公开", 行政执法公示, 行政许可和其他管理服务信息
 * - 九龙坡区应急管理局, http://cqjlp.gov.cn/bmjz/qzfbm_97119/qyjj_97729/zwgk_97124/fdzdgknr_97126/yjgl/yjya/202104/t20210411_9128413.html
 *   — 法定主动公开内容 > 应急管理 > 应急预案
 * - 太湖县, http://zwgkw.thx.gov.cn/openness/detail/content/5c4829ad7f8b9a6f388be521.html — 组配分类
 *   规范性文件发布, 信息分类 通知; 梁山县, http://liangshan.gov.cn/art/2023/3/10/art_59710_2751643.html
 *   — 组配分类 梁政发, 索引号 11370832004235253L/2023-05260
 * - 会宁县民政局, http://117.156.67.38/mobile/zwgk-view/9939.html — 机构职能, 政策法规; 柞水县,
 *   http://219.145.244.73:88/html/zwgk/czysjs/118395.html — 财政预决算; 南县,
 *   http://www.nanxian.gov.cn/jc_nx/187/195/content_16189.html — 公开领域 > 城乡规划
 */
import chineseDays from 'chinese-days';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

const { isWorkday } = chineseDays;
const words = (s: string) => s.split(' ');

function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]) => list[int(0, list.length - 1)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof seeded>;

// ---- dates (ISO strings) and working days from chinese-days (2004–2026) ----
const day = (date: string) => new Date(`${date}T00:00:00Z`);
export const addDays = (date: string, n: number) =>
  new Date(day(date).getTime() + n * 86_400_000).toISOString().slice(0, 10);
const randomDate = (r: Rng, from: string, to: string) =>
  addDays(from, r.int(0, (day(to).getTime() - day(from).getTime()) / 86_400_000));
/** The n-th working day after `date`, the day itself not counted (条例33; 民法典201). */
export function addWorkingDays(date: string, n: number) {
  let d = date;
  for (let left = n; left > 0; ) if (isWorkday((d = addDays(d, 1)))) left--;
  return d;
}
/** Working days in (from, to]. */
export function workingDaysBetween(from: string, to: string) {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkday(d)) count++;
  return count;
}

// ---- identity numbers, generated with their check characters ----
const weightedSum = (s: string, w: number[], value: (c: string) => number) =>
  [...s].reduce((sum, c, i) => sum + value(c) * w[i]!, 0);
/** GB 11643: the check character of 17 digits. */
export const idCheck = (first17: string) =>
  '10X98765432'[weightedSum(first17, [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], Number) % 11]!;
const creditAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const creditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** GB 32100: the check character of 17 characters. */
export const creditCheck = (first17: string) =>
  creditAlphabet[(31 - (weightedSum(first17, creditWeights, (c) => creditAlphabet.indexOf(c)) % 31)) % 31]!;
/** A credit code: registration type, 抚松县's area code, an organisation code (GB 11714 check), check. */
function creditCode(type: string, orgDigits: string) {
  const c = 11 - (weightedSum(orgDigits, [3, 7, 9, 10, 5, 8, 4, 2], Number) % 11);
  const first17 = `${type}220621${orgDigits}${c === 10 ? 'X' : c === 11 ? '0' : c}`;
  return first17 + creditCheck(first17);
}
const countyCode = creditCode('11', '01386927');

// ---- the catalogue: 条例20's fifteen items, and what county sites call them ----
/** Short names of 条例20 items 1–15 (index + 1 = item). */
export const statutoryCategories =
  words(`法规文件 机构职能 规划信息 统计信息 行政许可 行政处罚 财政预算决算 行政事业性收费 政府采购 \
重大建设项目 扶贫教育医疗社保就业 应急预案 监督检查 公务员招考 其他法定信息`);
/** Word lists, a list a line: its name, then its words; {name} in the table below draws from it. */
const lists: Record<string, string[]> = Object.fromEntries(
  `
dept 财政局:抚财 教育局:抚教 自然资源局:抚自然资 卫生健康局:抚卫健 市场监督管理局:抚市监 应急管理局:抚应急 住房和城乡建设局:抚住建 人力资源和社会保障局:抚人社 农业农村局:抚农 水利局:抚水
town 抚松镇 松江河镇 泉阳镇 露水河镇 仙人桥镇 万良镇 新屯子镇 东岗镇 北岗镇 兴参镇 沿江乡 抽水乡 漫江镇
plan 农村人居环境整治 森林防火 人参产业高质量发展 城乡居民医疗保险 义务教育均衡发展 冬季清雪 安全生产专项整治 秸秆禁烧 河湖长制 老旧小区改造 全域旅游
work 村级道路硬化工程 饮水安全巩固提升工程 中心小学教学设备采购 卫生院医疗设备采购 垃圾转运站建设项目 路灯改造工程 供热管网改造工程
given 志刚 海涛 丽娜 建国 晓梅 德胜 振华 玉兰 春生 秀英 立新 红梅 国庆 淑珍 明轩 佳怡
hazard 突发事件总体 防汛抗旱 森林草原火灾 地质灾害 生产安全事故 突发公共卫生事件 重污染天气
event 开展森林防火宣传 召开人居环境整治推进会 组织防汛应急演练 举办人参种植技术培训班
holiday 元旦 春节 清明节 劳动节 端午节 中秋节、国庆节
rule 实施方案 管理办法 若干措施 实施细则 暂行规定`
    .trim()
    .split('\n')
    .map((line) => [line.split(' ')[0], words(line).slice(1)]),
);
const [towns, plans, works] = [lists.town!, lists.plan!, lists.work!];
const depts = lists.dept!.map((s) => s.split(':').map((x, i) => (i ? x : `抚松县${x}`)) as [string, string]);
const personName = (r: Rng) => r.pick([...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高于金崔姜']) + r.pick(lists.given!);
const company = '白山市鸿达建筑工程有限公司';

/**
 * What a county publishes, a kind a line: 条例20 item (- where filing it is a matter of judgement) |
 * the names county sites file it under (条例20's own short name first where sites use it) | 主题分类 |
 * titles (one drawn) | 文号 | 内容概述 | 正文 | 附件. {x} draws from the list x, once a row; {a,b}
 * draws one of the choices; ¶ breaks a paragraph.
 */
const kinds = `
1 | 法规文件 规范性文件 政策文件 | 综合政务 | 抚松县人民政府办公室关于印发抚松县{plan}{rule}的通知 抚松县人民政府办公室关于印发抚松县{y}年{plan}{rule}的通知 | 抚政办发〔{y}〕{n}号 | 现将《抚松县{plan}{rule}》印发给你们，请认真贯彻执行。 | | {doc}附件.docx
7 | 财政预算决算 财政预决算 财政信息 预决算公开 | 财政、金融、审计 | {dept}{y}年部门预算公开 {dept}{y-1}年度部门决算公开 | | 收支总表、财政拨款收支情况及"三公"经费说明。 | | {title}表.xlsx
9 | 政府采购 招标采购 采购信息 | 城乡建设、环境保护 | {town}{work}公开招标公告 | | 预算金额及投标须知见附件。 | | {town}{work}招标文件.pdf
9 | 政府采购 招标采购 采购信息 | 城乡建设、环境保护 | {town}{work}中标（成交）结果公告 | | 中标供应商：${company}，中标金额{amount}万元。 | |
- | 人事信息 人事任免 | 劳动、人事、监察 | 抚松县人民政府关于{name}等同志职务任免的通知 | 抚政任〔{y}〕{n}号 | 经县政府研究决定，任免下列同志职务。 | |
14 | 公务员招考 人事信息 招录信息 | 劳动、人事、监察 | 抚松县{y}年度考试录用公务员{拟录用人员公示,面试公告,体检结果公告,资格复审公告} | | 按照公务员录用有关规定，现予公布。 | |
12 | 应急预案 应急管理 应急信息 | 市场监管、安全生产监管 | 抚松县人民政府办公室关于印发抚松县{hazard}应急预案（{y}年修订）的通知 | 抚政办函〔{y}〕{n}号 | 《抚松县{hazard}应急预案》已经县政府同意，现印发。 | |
- | 工作动态 政务动态 | 综合政务 | {town}{event} | | | 近日，{town}{event}。¶镇党委、政府高度重视，周密部署。¶下一步将持续推进。 |
- | 通知公告 | 综合政务 | 关于{y}年{holiday}放假安排的通知 关于{town}部分路段临时交通管制的通告 关于开展{y}年度{plan}工作的公告 | | 现将有关事项公告如下。 | |
2 | 机构职能 机构概况 | 综合政务 | {dept}{主要职责,内设机构}（{y}年更新） | | {dept}机构职能、办公地址、办公时间和联系电话。 | |
2 | 机构职能 领导信息 | 综合政务 | {dept}领导班子成员及分工（{y}年更新） | | {dept}负责人姓名及分工。 | |
3 | 规划信息 规划计划 发展规划 | 国民经济管理、国有资产监管 | 抚松县{plan}专项规划（{y}—{y+4}年） 抚松县{y}年{plan}工作计划 | | 目标任务和保障措施。 | |
4 | 统计信息 统计数据 | 国民经济管理、国有资产监管 | 抚松县{y-1}年国民经济和社会发展统计公报 {y}年{m}月份全县主要经济指标 | | 地区生产总值、固定资产投资等主要指标。 | |
5 | 行政许可 行政审批 双公示 | 综合政务 | {dept}行政许可事项清单（{y}年版） {dept}{y}年{m}月行政许可决定公示 | | 许可事项、依据、条件、程序及办理结果。 | |
6 | 行政处罚 行政执法公示 双公示 | 市场监管、安全生产监管 | {dept}行政处罚决定书（{doc}） | {short}罚〔{y}〕{n}号 | 违法事实、处罚依据及处罚结果。 | |
8 | 行政事业性收费 收费信息 | 财政、金融、审计 | 抚松县行政事业性收费目录清单（{y}年） {dept}行政事业性收费项目及标准（{y}年） | | 收费项目、依据和标准。 | |
10 | 重大建设项目 重大项目 | 城乡建设、环境保护 | 抚松县{y}年重点建设项目计划 {town}{work}批准和实施情况（{y}年） | | 批准文件、建设内容、投资规模及进度。 | |
11 | 社会保障 民生保障 | 劳动、人事、监察 | 抚松县{y}年城乡居民基本医疗保险参保缴费工作的通知 | | 缴费标准、缴费期限及办理方式。 | |
11 | 社会救助 民生保障 扶贫信息 | 民政、扶贫、救灾 | {y}年{m}月{town}城乡低保资金发放情况公示 | | 保障对象户数、人数及发放金额。 | |
11 | 教育信息 | 科技、教育 | 抚松县{y}年义务教育阶段学校招生工作方案 | | 招生范围、对象、时间安排及办理方式。 | |
13 | 食品安全 监管信息 | 市场监管、安全生产监管 | {y}年第{m}期食品安全监督抽检信息公告 | | 抽检样品、项目及结果。 | |
13 | 双随机一公开 监管信息 | 市场监管、安全生产监管 | {dept}{y}年双随机抽查结果公示 | | 抽查对象、事项及结果。 | |
15 | 政府信息公开年报 | 综合政务 | {dept}{y-1}年政府信息公开工作年度报告 | | 主动公开、依申请公开、复议诉讼情况。 | |
`
  .trim()
  .split('\n')
  .map((line) => {
    const [item, names, topic, titles, documentNumber, summary, body, attachment] = line
      .split('|')
      .map((f) => f.trim());
    const statutory = item === '-' ? undefined : statutoryCategories[Number(item) - 1]!;
    const aliases = words(names!).filter((name) => name !== statutory);
    const official = statutory !== undefined && names!.includes(statutory);
    const texts = { documentNumber, summary, body, attachment };
    return {
      item: statutory ? Number(item) : null,
      official,
      aliases,
      topic: topic!,
      titles: words(titles!),
      ...texts,
    };
  });
/** Fills {x} from the row's draws (the same department, plan, town… across its fields). */
function fill(pattern: string | undefined, r: Rng, drawn: Map<string, string>) {
  return (pattern ?? '').replaceAll('¶', '\n').replace(/\{([^}]+)\}/g, (_, key: string) => {
    if (key.includes(',')) return r.pick(key.split(','));
    if (!drawn.has(key)) {
      if (key === 'dept' || key === 'short') {
        const [dept, short] = r.pick(depts);
        drawn.set('dept', dept).set('short', short);
      } else if (key === 'name') drawn.set(key, personName(r));
      else if (key === 'm') drawn.set(key, `${r.int(1, 12)}`);
      else if (key === 'amount') drawn.set(key, `${r.int(30, 900)}.${r.int(10, 99)}`);
      else drawn.set(key, r.pick(lists[key]!));
    }
    return drawn.get(key)!;
  });
}

export type DateForm = 'iso' | 'slash' | 'cjk' | 'compact' | 'excel';
export interface CountyCatalogueRow {
  seq: number;
  indexNumber: string;
  title: string;
  /** The category as the county site wrote it. */
  countyCategory: string;
  /** The 条例20 item a disclosure officer would map it to; null where it is a matter of judgement. */
  expectedCategory: number | null;
  topic: string;
  documentNumber: string;
  writtenOn: string;
  publishedOn: string;
  validity: '' | '有效' | '失效' | '废止';
  repealedOn: string;
  summary: string;
  body: string;
  attachments: string[];
  /** How this row's dates are written in the exports. */
  dateForm: DateForm;
}
export type ExpectedError = { seq: number; field: string; key: keyof CountyCatalogueRow; reason: string };
export const catalogueExportedOn = '2025-06-30';
const earlier = (a: string, b: string) => (a < b ? a : b);

/** The catalogue with its planted errors: one 索引号 on two rows, one of them without a title. */
export function countyCatalogue(n = 2000): { rows: CountyCatalogueRow[]; expectedErrors: ExpectedError[] } {
  const r = seeded(20250630);
  const counters = new Map<string, number>();
  const titles = new Set<string>();
  const forms = words('iso iso iso slash slash cjk compact excel excel') as DateForm[];
  const rows: CountyCatalogueRow[] = [];
  while (rows.length < n) {
    const nonStatutory = r.next() < 1 / 3;
    const t = r.pick(kinds.filter((k) => (nonStatutory ? k.aliases.length > 0 : k.official)));
    const writtenOn = randomDate(r, '2015-01-05', '2025-06-20');
    const y = Number(writtenOn.slice(0, 4));
    const drawn = new Map(Object.entries({ y: `${y}`, 'y-1': `${y - 1}`, 'y+4': `${y + 4}` }));
    const series = `${t.documentNumber}${y}`; // 文号 run per series and year
    counters.set(series, (counters.get(series) ?? 0) + 1);
    drawn.set('n', `${counters.get(series)}`);
    drawn.set('doc', fill(t.documentNumber, r, drawn));
    const title = drawn.set('title', fill(r.pick(t.titles), r, drawn)).get('title')!;
    if (titles.has(title)) continue;
    titles.add(title);
    const publishedOn = earlier(addDays(writtenOn, r.next() < 0.9 ? r.int(0, 12) : r.int(13, 60)), catalogueExportedOn);
    const validity: CountyCatalogueRow['validity'] =
      t.item === 1 ? r.pick(['有效', '有效', '有效', '失效', '废止'] as const) : '';
    const repealedOn = validity === '废止' ? earlier(addDays(publishedOn, r.int(200, 1500)), catalogueExportedOn) : '';
    const attachment = fill(t.attachment, r, drawn);
    const [summary, body] = [fill(t.summary, r, drawn), fill(t.body, r, drawn)];
    const countyCategory = nonStatutory ? r.pick(t.aliases) : statutoryCategories[t.item! - 1]!;
    const common = { seq: 0, indexNumber: '', title, countyCategory, expectedCategory: t.item, topic: t.topic };
    const dates = { writtenOn, publishedOn, validity, repealedOn, dateForm: r.pick(forms) };
    rows.push({
      ...common,
      ...dates,
      documentNumber: drawn.get('doc')!,
      summary,
      body,
      attachments: attachment ? [attachment] : [],
    });
  }
  // The CMS lists by publication; 索引号 run per year in that order, and about 40% of rows carry theirs.
  rows.sort((a, b) => a.publishedOn.localeCompare(b.publishedOn));
  const perYear = new Map<string, number>();
  for (const [i, row] of rows.entries()) {
    const y = row.publishedOn.slice(0, 4);
    perYear.set(y, (perYear.get(y) ?? 0) + 1);
    row.seq = i + 1;
    if (r.next() < 0.4) row.indexNumber = `${countyCode}/${y}-${String(perYear.get(y)).padStart(5, '0')}`;
  }
  // The planted errors: row b repeats row a's 索引号 and lost its title in the old CMS.
  const numbered = rows.filter((row) => row.indexNumber);
  const a = numbered[Math.floor(numbered.length * 0.4)]!;
  const b = numbered[Math.floor(numbered.length * 0.7)]!;
  b.indexNumber = a.indexNumber;
  b.title = '';
  const dup = (other: number) => `索引号与本表第 ${other} 行重复`;
  const expectedErrors: ExpectedError[] = [
    { seq: a.seq, field: '索引号', key: 'indexNumber', reason: dup(b.seq) },
    { seq: b.seq, field: '索引号', key: 'indexNumber', reason: dup(a.seq) },
    { seq: b.seq, field: '信息名称', key: 'title', reason: '信息名称为空' },
  ];
  return { rows, expectedErrors };
}
export const countyCatalogueRows = (n = 2000) => countyCatalogue(n).rows;

/** A date as the county wrote it; 'excel' rows are date cells in a workbook and Excel's 2017/3/5 in CSV. */
export function formatCountyDate(date: string, form: DateForm) {
  const [y, m, d] = date.split('-');
  if (!date || form === 'iso') return date;
  if (form === 'cjk') return `${y}年${Number(m)}月${Number(d)}日`;
  return form === 'compact' ? `${y}${m}${d}` : `${y}/${Number(m)}/${Number(d)}`;
}
const csvField = (v: unknown) => (/[",\r\n]/.test(`${v}`) ? `"${`${v}`.replaceAll('"', '""')}"` : `${v}`);
const csv = (lines: unknown[][]) => `${lines.map((l) => l.map(csvField).join(',')).join('\r\n')}\r\n`;
export const catalogueTitle = `抚松县人民政府信息公开目录导出（${catalogueExportedOn}）`;
export const catalogueCsvHeader = words(
  '序号 索引号 信息名称 所属分类 主题分类 发文字号 成文日期 发布日期 有效性 废止日期 内容概述 正文 附件',
);
const catalogueCells = (row: CountyCatalogueRow, date: (d: string) => string | Date) => [
  ...[row.seq, row.indexNumber, row.title, row.countyCategory, row.topic, row.documentNumber],
  ...[date(row.writtenOn), date(row.publishedOn), row.validity, date(row.repealedOn)],
  ...[row.summary, row.body, row.attachments.join(';')],
];

/** The catalogue as the CMS's CSV export: GBK, a title line, then the header, CRLF, mixed date forms. */
export function countyCatalogueCsvGbk(rows: CountyCatalogueRow[]) {
  const lines = rows.map((row) => catalogueCells(row, (d) => formatCountyDate(d, row.dateForm)));
  return iconv.encode(csv([[catalogueTitle], catalogueCsvHeader, ...lines]), 'gbk');
}

/** The catalogue as an office's workbook: merged title, a two-level header (日期 over 成文 and 发布). */
export async function countyCatalogueXlsx(rows: CountyCatalogueRow[]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('信息公开目录');
  const top = words('序号 索引号 信息名称 信息类别 主题分类 发文字号 日期 日期 有效性 废止日期 内容概述 正文 附件');
  ws.addRow([catalogueTitle]);
  ws.addRow(top);
  ws.addRow(top.map((_, i) => (i === 6 ? '成文' : i === 7 ? '发布' : '')));
  ws.mergeCells(1, 1, 1, top.length);
  ws.mergeCells(2, 7, 2, 8);
  for (const c of top.keys()) if (c !== 6 && c !== 7) ws.mergeCells(2, c + 1, 3, c + 1);
  for (const row of rows) {
    const date = (d: string) => (row.dateForm === 'excel' && d ? day(d) : formatCountyDate(d, row.dateForm));
    ws.addRow(catalogueCells(row, date)).eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
    });
  }
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

// ---- open applications carried over from the office's register ----
export const openCasesExportedOn = '2026-11-30';
export type Channel = '当面提交' | '挂号信' | '网上申请' | '传真';
interface History {
  receivedOn: string;
  channel: Channel;
  correction?: { notifiedOn: string; periodDays: 7 | 10 | 15; receivedOn?: string };
  consultation?: { party: string; startedOn: string; endedOn?: string };
  extension?: { on: string; approvedBy: string };
}
/**
 * A register row: the history, the applicant (organisationKind, 法人 only, is the annual report's
 * column), the request, 经办人 and 审核人; expectedDue is the deadline counted by hand (pinned only).
 */
export type CountyOpenCase = ReturnType<typeof countyOpenCases>[number];

/** Product rule: an online (or fax) submission on a day off counts as received on the next working day. */
export const effectiveReceipt = (date: string) => (isWorkday(date) ? date : addWorkingDays(date, 1));
/** 条例33's reply deadline; undefined while a correction or a third party is awaited. */
export function replyDue(c: History) {
  if ((c.correction && !c.correction.receivedOn) || (c.consultation && !c.consultation.endedOn)) return undefined;
  const start = c.correction?.receivedOn ?? effectiveReceipt(c.receivedOn); // 补正: the clock restarts
  const s = c.consultation; // 征求意见 (条例32): from the day after the letter to the reply, not counted
  const due = s ? addWorkingDays(s.endedOn!, 20 - workingDaysBetween(start, s.startedOn)) : addWorkingDays(start, 20);
  return c.extension ? addWorkingDays(due, 20) : due;
}

const handlers = words('李晓梅 王海涛 赵丽娜');
const reviewer = '刘振华'; // 公开办主任
const deputy = '陈志刚'; // 公开办副主任
const pin = (receivedOn: string, channel: Channel, expectedDue: string, more?: Partial<History>) =>
  Object.assign({ receivedOn, channel, expectedDue }, more) as History & { expectedDue: string };
const fix = (notifiedOn: string, periodDays: 7 | 10 | 15, receivedOn: string) => ({
  notifiedOn,
  periodDays,
  receivedOn,
});
const ext = (on: string, approvedBy = reviewer) => ({ on, approvedBy });
/**
 * Ten deadlines counted by hand on the 2026 calendar (days off besides weekends: 09-25 中秋, 10-01…
 * 10-07 国庆; make-up working days Sun 09-20 and Sat 10-10). WD = working day, counted from the day
 * after the (effective) receipt. Assumption for receipts on a day off: the product's rule (received
 * on the next working day), not the regulation read literally (count from the next day).
 */
const pinnedCases = [
  // Online on Sat 11-07: received Mon 11-09; WD1 = 11-10, 11-30 is WD15, 12-07 WD20. (Read literally,
  // the regulation would start counting on 11-09 and end one WD earlier, 12-04.)
  pin('2026-11-07', '网上申请', '2026-12-07'),
  // In person Mon 11-16: 11-17…11-30 = 10 WD, 12-01…12-14 = 10 WD → 12-14.
  pin('2026-11-16', '当面提交', '2026-12-14'),
  // Online on Sun 11-29: received Mon 11-30; WD1 = 12-01 … WD20 = 12-28.
  pin('2026-11-29', '网上申请', '2026-12-28'),
  // Online on Sun 09-20, a make-up working day: received that day; WD1 = 09-21. 补正 notified 09-29
  // (WD6), 15 WD granted (to 10-26); corrected 10-23 → clock restarts: WD1 = 10-26, WD20 = 11-20;
  // 延期 notified 11-17 adds 20 WD: 11-23 … 12-18.
  pin('2026-09-20', '网上申请', '2026-12-18', {
    correction: fix('2026-09-29', 15, '2026-10-23'),
    extension: ext('2026-11-17'),
  }),
  // In person Thu 10-29; 补正 11-03 (WD3) with 7 WD; corrected 11-06 → WD1 = 11-09, WD20 = 12-04.
  pin('2026-10-29', '当面提交', '2026-12-04', { correction: fix('2026-11-03', 7, '2026-11-06') }),
  // Online on Sat 10-10, a make-up working day: received that day; 10-12…10-16 = 5 WD counted.
  // 征求意见 sent 10-16, reply 11-05 (within its 15 WD); 15 WD left from 11-06: 11-26. 延期 11-20
  // adds 20 WD: 11-27 … 12-24.
  pin('2026-10-10', '网上申请', '2026-12-24', {
    consultation: { party: company, startedOn: '2026-10-16', endedOn: '2026-11-05' },
    extension: ext('2026-11-20', deputy),
  }),
  // Online on Sun 10-04 in 国庆: received Thu 10-08; WD1 = 10-09, Sat 10-10 WD2 … 11-04 WD20; 延期
  // notified 11-02 adds 20 WD: 11-05 … 12-02.
  pin('2026-10-04', '网上申请', '2026-12-02', { extension: ext('2026-11-02') }),
  // In person Tue 11-03: 11-04…11-10 = 5 WD counted; 征求意见 11-10 → 11-24 not counted; 15 WD from
  // 11-25: 11-25…11-30 = 4, 12-01…12-15 = 11 → 12-15.
  pin('2026-11-03', '当面提交', '2026-12-15', {
    consultation: { party: '抚松县财政局（共同制作机关）', startedOn: '2026-11-10', endedOn: '2026-11-24' },
  }),
  // Fax Fri 10-30: WD1 = 11-02 … WD20 = 11-27; 延期 11-23 adds 20 WD: 11-30 … 12-25.
  pin('2026-10-30', '传真', '2026-12-25', { extension: ext('2026-11-23') }),
  // Registered mail signed for Fri 11-20: 11-23…11-30 = 6 WD, 12-01…12-14 = 10, 12-15…12-18 WD17–20.
  pin('2026-11-20', '挂号信', '2026-12-18'),
];

const vague = words('请公开关于我家房子的所有文件 申请公开县里关于拆迁的文件 我要看村里的账 请提供有关部门的相关材料');
function request(r: Rng) {
  const t = r.pick(towns);
  const y = r.int(2019, 2025);
  return r.pick([
    `请公开${t}${r.pick(words('新兴 胜利 前进 东升 红旗'))}村${y}年农村低保评审名单及民主评议记录`,
    `申请获取${t}${r.pick(works)}的立项批复、招标文件及中标通知书`,
    `本人房屋位于${t}，被纳入征收范围，请公开该项目的房屋征收决定及补偿安置方案`,
    `请提供${r.pick(depts)[0]}${y}年度"三公"经费支出明细`,
    `申请公开抚松县${y}年${r.pick(plans)}专项资金的分配及拨付文件`,
    `请公开${r.pick(depts)[0]}对${company}作出的行政处罚决定书`,
  ]);
}
function applicant(r: Rng) {
  const mobile = `1${r.pick(words('39 58 86 35 52'))}${String(r.int(0, 99_999_999)).padStart(8, '0')}`;
  const address = `吉林省白山市抚松县${r.pick(towns)}${r.pick(words('人参大街 松江路 长白山大街 新华街'))}${r.int(1, 399)}号`;
  const qq = `${r.int(10_000_000, 2_999_999_999)}@qq.com`;
  if (r.next() < 0.7) {
    const birth = randomDate(r, '1950-01-01', '2004-12-31').replaceAll('-', '');
    const first17 = `${r.pick(words('220621 220602 220605 220622 220681 220102'))}${birth}${String(r.int(0, 999)).padStart(3, '0')}`;
    const paper = r.next() < 0.45; // paper applicants often give no e-mail
    const form = paper ? '纸质（邮寄）' : r.pick(['电子邮件', '纸质（自行领取）']);
    const who = { applicantType: '自然人' as const, organisationKind: '', name: personName(r), idType: '居民身份证' };
    return {
      ...who,
      idNumber: first17 + idCheck(first17),
      contactPerson: '',
      phone: mobile,
      address,
      email: paper ? '' : qq,
      form,
    };
  }
  const [organisationKind, type, name] = r.pick([
    ['商业企业', '91', `抚松县${r.pick(words('参乡 鑫源 林海 松北'))}农产品经销有限公司`],
    ['商业企业', '91', company],
    ['法律服务机构', '31', `吉林${r.pick(words('长白 松江 正道'))}律师事务所`],
    ['其他', '93', `抚松县${r.pick(towns)}${r.pick(words('金参 绿源'))}种植专业合作社`],
  ] as const);
  const who = { applicantType: '法人' as const, organisationKind, name, idType: '统一社会信用代码' };
  const phone = r.next() < 0.5 ? mobile : `0439-6${r.int(100_000, 999_999)}`;
  const idNumber = creditCode(type, String(r.int(10_000_000, 99_999_999)));
  return {
    ...who,
    idNumber,
    contactPerson: personName(r),
    phone,
    address,
    email: r.next() < 0.7 ? qq : '',
    form: r.pick(['电子邮件', '纸质（邮寄）']),
  };
}

const windows: Record<string, [string, string]> = {
  plain: ['2026-11-02', openCasesExportedOn],
  waiting: ['2026-10-26', '2026-11-27'],
  corrected: ['2026-10-08', '2026-11-20'],
  consulting: ['2026-10-26', '2026-11-25'],
  consulted: ['2026-10-12', '2026-11-20'],
  extended: ['2026-09-21', '2026-10-30'],
};
/** One drawn history, redrawn until it is open on the export day and due within 2026 (lawful steps). */
function drawHistory(r: Rng, kind: string): History {
  const E = openCasesExportedOn;
  for (;;) {
    const receivedOn = randomDate(r, ...windows[kind]!);
    const channel =
      !isWorkday(receivedOn) || r.next() < 0.4 ? '网上申请' : r.pick(['当面提交', '挂号信', '传真'] as const);
    const start = effectiveReceipt(receivedOn);
    const h: History = { receivedOn, channel };
    if (kind === 'waiting' || kind === 'corrected') {
      const notifiedOn = addWorkingDays(start, r.int(1, 7)); // 条例30: within 7 WD
      const periodDays = r.pick([7, 10, 15] as const);
      const arrived = addWorkingDays(notifiedOn, r.int(1, periodDays));
      h.correction = { notifiedOn, periodDays, ...(kind === 'corrected' && { receivedOn: arrived }) };
      if (notifiedOn > E || (kind === 'waiting' ? addWorkingDays(notifiedOn, periodDays) < E : arrived > E)) continue;
    }
    if (kind === 'consulting' || kind === 'consulted') {
      const startedOn = addWorkingDays(start, r.int(2, 8));
      const endedOn = addWorkingDays(startedOn, r.int(3, 15)); // 条例32: the third party has 15 WD
      const party = r.pick([company, '抚松县财政局（共同制作机关）', '抚松县参乡农产品经销有限公司']);
      h.consultation = { party, startedOn, ...(kind === 'consulted' && { endedOn }) };
      if (startedOn > E || (kind === 'consulting' ? addWorkingDays(startedOn, 15) < E : endedOn > E)) continue;
    }
    if (kind === 'extended') {
      const on = earlier(addDays(replyDue(h)!, -r.int(0, 6)), E); // notified before the first deadline
      if (!isWorkday(on) || on <= receivedOn) continue;
      h.extension = { on, approvedBy: r.pick([reviewer, deputy]) };
    }
    const due = replyDue(h);
    if (due === undefined || (due >= E && due <= '2026-12-31')) return h;
  }
}

/** The office's register of open cases: ten pinned (with expectedDue) and n − 10 drawn, by receipt. */
export function countyOpenCases(n = 50) {
  const r = seeded(20261130);
  // Per twenty drawn: 5 plain, 3 each waiting for a correction, corrected, consulting, consulted, extended.
  const kinds = words(`${'plain waiting corrected consulting consulted extended '.repeat(3)}plain plain`);
  const drawn = Array.from({ length: Math.max(0, n - pinnedCases.length) }, (_, i) => drawHistory(r, kinds[i % 20]!));
  return [...pinnedCases, ...drawn]
    .slice(0, n)
    .map((h) => {
      const filed = {
        ...applicant(r),
        request: h.correction ? r.pick(vague) : request(r),
        handler: r.pick(handlers),
        reviewer,
      };
      return { originalNumber: '', ...filed, ...h, expectedDue: 'expectedDue' in h ? h.expectedDue : undefined };
    })
    .sort((a, b) => a.receivedOn.localeCompare(b.receivedOn))
    .map((c, i) => ({ ...c, originalNumber: `抚府公开〔2026〕第${i + 101}号` }));
}

export const openCasesHeader = words(
  '原编号 收到申请日期 申请方式 申请人类型 法人类别 申请人姓名/名称 证件类型 证件号码 联系人 联系电话 通讯地址 电子邮箱 申请内容 获取方式 ' +
    '补正告知日期 补正期限（工作日） 收到补正日期 征求意见对象 征求意见开始日期 征求意见结束日期 延期日期 延期批准人 经办人 审核人',
);
const caseCells = (c: CountyOpenCase, date: (d?: string) => string | Date) => [
  ...[c.originalNumber, date(c.receivedOn), c.channel, c.applicantType, c.organisationKind, c.name, c.idType],
  ...[c.idNumber, c.contactPerson, c.phone, c.address, c.email, c.request, c.form],
  ...[date(c.correction?.notifiedOn), c.correction?.periodDays ?? '', date(c.correction?.receivedOn)],
  ...[c.consultation?.party ?? '', date(c.consultation?.startedOn), date(c.consultation?.endedOn)],
  ...[date(c.extension?.on), c.extension?.approvedBy ?? '', c.handler, c.reviewer],
];
/** The register saved as CSV from Excel: GBK, header first, dates as Excel writes them (2026/9/5). */
export function countyOpenCasesCsvGbk(cases: CountyOpenCase[]) {
  const lines = cases.map((c) => caseCells(c, (d) => formatCountyDate(d ?? '', 'slash')));
  return iconv.encode(csv([openCasesHeader, ...lines]), 'gbk');
}
/** The register as a workbook: a merged title row, dates as date cells, mobile numbers as numbers. */
export async function countyOpenCasesXlsx(cases: CountyOpenCase[]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('依申请公开登记');
  ws.addRow([`抚松县人民政府依申请公开登记台账（未办结，截至${openCasesExportedOn}）`]);
  ws.mergeCells(1, 1, 1, openCasesHeader.length);
  ws.addRow(openCasesHeader);
  for (const c of cases) {
    const row = ws.addRow(caseCells(c, (d) => (d ? day(d) : '')));
    row.eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = 'yyyy"年"m"月"d"日"';
    });
    if (/^1\d{10}$/.test(c.phone)) row.getCell(10).value = Number(c.phone);
  }
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
