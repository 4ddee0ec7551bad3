/**
 * A realistic catalogue for the search tests and bench: what a county portal's four agencies publish
 * over the years (annual reports, budgets, normative documents with their 文号, township notices).
 */
import type { CatalogueEntry } from '#core/pages/site.ts';
import { putAll } from './table.ts';

const agencies = [
  { id: 'fusong', name: '抚松县人民政府', code: '013869271', short: '抚政' },
  { id: 'fusong-czj', name: '抚松县财政局', code: '013869288', short: '抚财' },
  { id: 'fusong-zrzyj', name: '抚松县自然资源局', code: '013869296', short: '抚自然资' },
  { id: 'lushuihe', name: '露水河镇人民政府', code: '013869317', short: '露政' },
];

const plans = [
  '农村人居环境整治',
  '森林防火',
  '人参产业发展',
  '城乡居民医疗保险',
  '义务教育均衡发展',
  '冬季清雪',
  '安全生产大检查',
  '秸秆禁烧',
];

type Template = (
  agency: (typeof agencies)[number],
  year: number,
  n: number,
) => Omit<CatalogueEntry, 'itemId' | 'agencyId' | 'agencyName' | 'indexNumber' | 'writtenOn' | 'publishedOn'>;

const templates: Template[] = [
  (a, y) => ({
    title: `${a.name}${y}年政府信息公开工作年度报告`,
    category: 'other',
    topic: '综合政务',
    summary: `${a.name}${y}年度政府信息公开工作情况，包括主动公开、依申请公开、行政复议和诉讼情况。`,
    text: `本报告依据《中华人民共和国政府信息公开条例》编制。`,
  }),
  (a, y) => ({
    title: `${a.name}${y}年部门预算公开`,
    category: 'finance',
    topic: '财政、金融、审计',
    summary: `${y}年一般公共预算收支、政府性基金预算和“三公”经费预算情况。`,
    text: '财政拨款收支总表、一般公共预算支出表。',
  }),
  (a, y) => ({
    title: `${a.name}${y - 1}年度部门决算公开`,
    category: 'finance',
    topic: '财政、金融、审计',
    summary: `${y - 1}年度收入支出决算总表及说明。`,
    text: '决算公开说明。',
  }),
  (a, y, n) => ({
    title: `${a.short === '抚政' ? '抚松县人民政府办公室' : a.name}关于印发${plans[n % plans.length]}实施方案的通知`,
    category: 'normative',
    topic: '综合政务',
    documentNumber: `${a.short}办函〔${y}〕${n}号`,
    validity: '有效',
    summary: `印发${plans[n % plans.length]}实施方案，请认真贯彻执行。`,
    text: '各乡镇人民政府，县政府各部门：现将实施方案印发给你们。',
  }),
  (a, y) => ({
    title: `${a.name}${y}年财政预算执行情况的报告`,
    category: 'finance',
    topic: '财政、金融、审计',
    summary: `${y}年上半年财政预算执行情况。`,
    text: '一般公共预算收入完成情况。',
  }),
  (a, y) => ({
    title: `${y}年${a.name}政府集中采购目录及限额标准`,
    category: 'procurement',
    topic: '财政、金融、审计',
    summary: '集中采购目录以内或采购限额标准以上的货物、工程和服务。',
    text: '',
  }),
  (a, y) =>
    a.id === 'lushuihe'
      ? {
          title: `露水河镇${y}年农村低保资金发放情况公示`,
          category: 'assistance',
          topic: '民政、扶贫、救灾',
          summary: `${y}年度农村最低生活保障资金发放情况。`,
          text: '低保对象、保障人数和发放金额。',
        }
      : {
          title: `${a.name}${y}年行政许可事项清单`,
          category: 'licensing',
          topic: '综合政务',
          summary: '行政许可事项名称、设定依据、实施机关。',
          text: '',
        },
  (a, y) =>
    a.id === 'fusong-zrzyj'
      ? {
          title: `G201国道抚松段改扩建工程建设项目用地预审意见（${y}年）`,
          category: 'projects',
          topic: '国土资源、能源',
          summary: 'G201 国道改扩建工程项目用地预审。',
          text: '',
        }
      : {
          title: `${a.name}${y}年公开招聘事业单位工作人员公告`,
          category: 'recruitment',
          topic: '劳动、人事、监察',
          summary: '招聘岗位、报名条件和考试安排。',
          text: '',
        },
  (a, y) => ({
    title: `${a.name}关于${y}年5G基站建设规划的公告`,
    category: 'planning',
    topic: '工业、交通',
    summary: `5G 基站布局规划（${y}—${y + 2}年）。`,
    text: '',
  }),
];

export interface CorpusItem extends CatalogueEntry {
  seq: number;
}

/** 4 agencies × 9 years × 9 kinds = 324 items (or more, over earlier years, for the bench), in publication order. */
export function corpus(count = 324): CorpusItem[] {
  const items: CorpusItem[] = [];
  let seq = 0;
  const years = Math.ceil(count / (agencies.length * templates.length));
  for (let year = 2026 - years; year <= 2025; year++) {
    for (const agency of agencies) {
      templates.forEach((template, k) => {
        seq += 1;
        const n = ((seq * 7) % 60) + 1;
        const entry = template(agency, year, n);
        items.push({
          ...entry,
          ...(agency.id === 'fusong' && year === 2017 && k === 3 && { documentNumber: '抚政办函〔2017〕38号' }),
          seq,
          itemId: `corpus${String(seq).padStart(10, '0')}`,
          agencyId: agency.id,
          agencyName: agency.name,
          indexNumber: `${agency.code}/${year}-${String(seq).padStart(5, '0')}`,
          // Publication order is date order, as on the real site (positions are taken when published).
          writtenOn: `${year}-01-01`,
          publishedOn: new Date(
            Date.UTC(year, 0, 1 + items.filter((i) => i.publishedOn.startsWith(String(year))).length),
          )
            .toISOString()
            .slice(0, 10),
        });
      });
    }
  }
  return items;
}

/** Writes the items into the county listing as publication leaves it (and its sequence). */
export async function seedCorpus(items: CorpusItem[]) {
  const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
  const { db, tableName } = await import('#lib/dynamo.ts');
  const keys = await import('#store/keys.ts');
  await putAll(items.map(({ seq, ...entry }) => ({ ...keys.listingEntry('county', seq), ...entry })));
  await db.send(
    new PutCommand({ TableName: tableName, Item: { ...keys.listingSequence('county'), seq: items.length } }),
  );
}
