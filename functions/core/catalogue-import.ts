/**
 * A county's history brought in: the rows of its old catalogue (名称, 类别, 文号, dates, 索引号 …) as
 * an office's spreadsheet has them, checked row by row with an error per field in Chinese, and made
 * into published items that keep their original 发布日期 (条例26's 20 working days judge what is
 * published on the platform, not what was published before it). Pure: the handler stages the rows,
 * a reviewer approves the batch, a job publishes them.
 */
import { createHash } from 'node:crypto';
import type { AgencyKind } from './agency.ts';
import { categories, categoriesFor, categoryBySlug, topics, type Category } from './categories.ts';
import { formatDate, parseDate, type IsoDate } from './dates.ts';
import { escapeHtml } from './html.ts';
import { type CatalogueColumn, catalogueColumns } from './import-columns.ts';
import { contentSegments, findingText, scanSegments } from './privacy.ts';
import { attachmentTypes, type PublicationContent } from './publication.ts';
import { plainText, sanitiseRichText } from './rich-text.ts';

/** The columns of an import, by their API names, with the Chinese name each error is given under. */
export { catalogueColumns, type CatalogueColumn };

/** Rows one call takes (a spreadsheet goes in several calls); a batch holds at most `batchLimit`. */
export const rowsPerCall = 500;
export const batchLimit = 20_000;

export interface RowError {
  /** The row's number in the spreadsheet (or its place in the call, counted from 1). */
  row: number;
  field: CatalogueColumn | 'row';
  message: string;
}

/** An attachment named in a row: the file's name, and once uploaded, its upload. */
export interface RowAttachment {
  fileName: string;
  uploadId?: string;
}

/** A row as checked: the item's content (attachments still by name), its dates and its key. */
export interface CatalogueRow {
  row: number;
  /** The item's id on the platform, from what identifies the row: the same row imported twice is one item. */
  id: string;
  content: Omit<PublicationContent, 'attachments'>;
  publishedOn: IsoDate;
  indexNumber?: string;
  attachments: RowAttachment[];
}

const validityWords: Record<string, 'valid' | 'repealed'> = {
  有效: 'valid',
  现行有效: 'valid',
  valid: 'valid',
  已废止: 'repealed',
  废止: 'repealed',
  失效: 'repealed',
  已失效: 'repealed',
  repealed: 'repealed',
};

/**
 * Names county sites give their catalogue's columns for a statutory category, where the match is
 * unambiguous (条例20/21). Names that could be several (通知公告, 工作动态, 人事信息, 政策文件) are
 * left for the office to choose once; its choice is kept for the agency (`categoryMap`).
 */
export const categorySynonyms: Readonly<Record<string, string | readonly string[]>> = {
  规范性文件: 'normative',
  // A county makes no 规章: its 法规文件 and 政策文件 columns hold its 规范性文件.
  法规文件: 'normative',
  政策文件: 'normative',
  规范性文件发布: 'normative',
  其他规范性文件: 'normative',
  行政规范性文件: 'normative',
  政府规章: 'regulations',
  机构概况: 'organisation',
  机构设置: 'organisation',
  机构职责: 'organisation',
  领导信息: 'organisation',
  领导之窗: 'organisation',
  规划计划: 'planning',
  发展规划: 'planning',
  规划信息: 'planning',
  计划规划: 'planning',
  统计数据: 'statistics',
  统计公报: 'statistics',
  统计信息: 'statistics',
  行政许可: 'licensing',
  行政审批: 'licensing',
  行政处罚: 'enforcement',
  行政强制: 'enforcement',
  行政执法公示: 'enforcement',
  双随机一公开: 'supervision',
  财政预决算: 'finance',
  预决算公开: 'finance',
  预算决算: 'finance',
  财政预算: 'finance',
  财政决算: 'finance',
  部门预决算: 'finance',
  财政信息: 'finance',
  三公经费: 'finance',
  收费项目: 'fees',
  收费信息: 'fees',
  行政事业性收费: 'fees',
  政府采购: 'procurement',
  采购信息: 'procurement',
  招标采购: 'procurement',
  重大建设项目: 'projects',
  重点项目: 'projects',
  重大项目: 'projects',
  扶贫信息: 'livelihood',
  教育信息: 'livelihood',
  医疗卫生: 'livelihood',
  社会保障: 'livelihood',
  促进就业: 'livelihood',
  就业创业: 'livelihood',
  民生保障: 'livelihood',
  应急管理: 'emergency',
  应急预案: 'emergency',
  应急信息: 'emergency',
  突发事件: 'emergency',
  环境保护: 'supervision',
  安全生产: 'supervision',
  食品药品: 'supervision',
  公共卫生: 'supervision',
  产品质量: 'supervision',
  食品安全: 'supervision',
  监管信息: 'supervision',
  公务员招考: 'recruitment',
  公务员招录: 'recruitment',
  招考录用: 'recruitment',
  招录信息: 'recruitment',
  其他信息: 'other',
  政府信息公开年报: 'other',
  年度报告: 'other',
  // A town's 社会救助 is its own item (条例21); elsewhere it is part of 条例20(11).
  社会救助: ['assistance', 'livelihood'],
  征地拆迁: 'expropriation',
  土地征收: 'expropriation',
};

/** How a category value was matched: its statutory name or slug, a known synonym, the agency's choice. */
export type CategorySource = 'statutory' | 'synonym' | 'agency';

/** A value as compared: no spaces, full-width forms folded, no trailing 类/信息 punctuation. */
export const categoryKey = (value: string) =>
  value
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .trim();

/** The value's last segment when the export gives the column's path (法定主动公开内容>财政预决算). */
const lastSegment = (value: string) =>
  value
    .split(/[>＞»/／\\|｜→]/)
    .filter(Boolean)
    .at(-1) ?? value;

/**
 * The statutory category a value stands for: its name or slug, else a known synonym, else the
 * agency's own choice (`map`: the value's key → slug). Undefined: the office has not chosen yet.
 */
export function resolveCategory(
  value: string,
  map: Readonly<Record<string, string>> = {},
  offered?: ReadonlySet<string>,
): { category: Category; source: CategorySource } | undefined {
  const key = categoryKey(value);
  /** A statutory name this agency does not publish under (a town's item, at a county): its synonym may fit. */
  let elsewhere: Category | undefined;
  for (const candidate of new Set([key, lastSegment(key)])) {
    const statutory =
      categoryBySlug.get(candidate) ??
      categories.find((c) => c.name === candidate || c.name.replace(/、/g, '') === candidate.replace(/、/g, ''));
    if (statutory && (!offered || offered.has(statutory.slug))) return { category: statutory, source: 'statutory' };
    elsewhere ??= statutory;
    const chosen = categoryBySlug.get(map[candidate] ?? '');
    if (chosen) return { category: chosen, source: 'agency' };
    const synonyms = [categorySynonyms[candidate] ?? []].flat();
    const known = categoryBySlug.get(synonyms.find((slug) => !offered || offered.has(slug)) ?? synonyms[0] ?? '');
    if (known && (!offered || offered.has(known.slug))) return { category: known, source: 'synonym' };
  }
  return elsewhere && { category: elsewhere, source: 'statutory' };
}

/** Each distinct category value of a call, with the rows that use it and what it maps to. */
export interface CategoryUse {
  value: string;
  rows: number;
  category: string | null;
  source: CategorySource | null;
}

/** Plain text becomes paragraphs; HTML goes through the sanitiser like anything staff write. */
export function bodyHtmlOf(body: string): string {
  if (/<[a-z][^>]*>/i.test(body)) return sanitiseRichText(body);
  return body
    .split(/\r?\n\s*\r?\n|\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('');
}

/** Attachment names from a cell (separated by ；, ; or a new line) or from the API's list. */
function attachmentsOf(value: unknown): RowAttachment[] | string {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) {
    const out: RowAttachment[] = [];
    for (const a of value) {
      if (typeof a === 'string') out.push({ fileName: a.trim() });
      else if (a && typeof a === 'object' && typeof (a as RowAttachment).fileName === 'string')
        out.push({
          fileName: (a as RowAttachment).fileName.trim(),
          ...(typeof (a as RowAttachment).uploadId === 'string' && { uploadId: (a as RowAttachment).uploadId }),
        });
      else return '应为文件名的列表';
    }
    return out;
  }
  return String(value)
    .split(/[;；\n|]/)
    .map((name) => name.trim())
    .filter(Boolean)
    .map((fileName) => ({ fileName }));
}

/** The attachment type a file name's extension says (checked again by its first bytes when uploaded). */
export const typeOfFileName = (fileName: string) => {
  const extension = fileName.toLowerCase().split('.').pop();
  const found = Object.entries(attachmentTypes).find(
    ([, t]) => t.extension === extension || (extension === 'jpeg' && t.extension === 'jpg'),
  );
  return found?.[0];
};

/** What identifies a row: its 索引号, name, 文号 and 发布日期 (the same row sent again is the same item). */
export const catalogueRowId = (
  agencyId: string,
  row: { indexNumber?: string; title: string; documentNumber?: string; publishedOn: string },
) =>
  createHash('sha256')
    .update(JSON.stringify([agencyId, row.indexNumber ?? '', row.title, row.documentNumber ?? '', row.publishedOn]))
    .digest('hex')
    .slice(0, 16);

const text = (value: unknown) =>
  value === undefined || value === null
    ? ''
    : String(value)
        .normalize('NFC')
        .replace(/\u00a0/g, ' ')
        .trim();

/**
 * Checks rows against the agency and the rules: every error of every row, by row and field. A row
 * without errors comes back ready to stage. Duplicates within the rows (the same 索引号, or the same
 * item twice) are errors of the later row.
 */
export function checkCatalogueRows(
  rows: readonly Record<string, unknown>[],
  context: {
    agencyId: string;
    agencyKind: AgencyKind;
    today: IsoDate;
    firstRow?: number;
    /** The agency's own choices for category values no statutory name or synonym settles. */
    categoryMap?: Readonly<Record<string, string>>;
  },
): { rows: CatalogueRow[]; errors: RowError[]; categories: CategoryUse[] } {
  const out: CatalogueRow[] = [];
  const errors: RowError[] = [];
  const uses = new Map<string, CategoryUse>();
  /** A 索引号's first row, and the rows that repeat it. */
  const repeated = new Map<number, number[]>();
  const seenIndex = new Map<string, number>();
  const seenId = new Map<string, number>();
  const offered = new Set(categoriesFor(context.agencyKind).map((c) => c.slug));
  rows.forEach((input, i) => {
    const row = typeof input.row === 'number' && Number.isInteger(input.row) ? input.row : (context.firstRow ?? 1) + i;
    const rowErrors: RowError[] = [];
    const fail = (field: RowError['field'], message: string) =>
      rowErrors.push({
        row,
        field,
        message: `第 ${row} 行 ${field === 'row' ? '' : `${catalogueColumns[field]}：`}${message}`,
      });
    const title = text(input.title);
    if (!title) fail('title', '请填写');
    else if (title.length > 200) fail('title', '不能超过 200 个字符');
    const categoryText = text(input.category);
    const resolved = categoryText ? resolveCategory(categoryText, context.categoryMap, offered) : undefined;
    const category = resolved?.category;
    if (categoryText) {
      const use = uses.get(categoryText) ?? {
        value: categoryText,
        rows: 0,
        category: category?.slug ?? null,
        source: resolved?.source ?? null,
      };
      use.rows += 1;
      uses.set(categoryText, use);
    }
    if (!categoryText) fail('category', '请填写');
    else if (!category)
      fail(
        'category',
        `「${categoryText}」不是法定主动公开内容的类别名称，请在“类别对应”中选择它对应的法定类别（选择一次，本机关以后的导入沿用）`,
      );
    else if (!offered.has(category.slug))
      fail('category', `「${category.name}」仅适用于乡镇人民政府（条例第二十一条）`);
    const topic = text(input.topic) || '其他';
    if (!(topics as readonly string[]).includes(topic)) fail('topic', `「${topic}」不是主题分类中的一项`);
    const documentNumber = text(input.documentNumber);
    if (documentNumber.length > 50) fail('documentNumber', '不能超过 50 个字符');
    const date = (field: 'writtenOn' | 'publishedOn' | 'repealedOn', required: boolean) => {
      const raw = input[field];
      if (raw === undefined || raw === null || text(raw) === '') {
        if (required) fail(field, '请填写');
        return undefined;
      }
      const parsed = parseDate(typeof raw === 'number' ? raw : text(raw));
      if (!parsed) fail(field, `「${text(raw)}」不是有效日期（应如 2017-03-05 或 2017年3月5日）`);
      else if (parsed > context.today) fail(field, `不能晚于今天（${formatDate(context.today, false)}）`);
      else if (parsed < '1949-10-01') fail(field, '不能早于1949年10月1日');
      else return parsed;
      return undefined;
    };
    const writtenOn = date('writtenOn', true);
    const publishedOn = date('publishedOn', true);
    if (writtenOn && publishedOn && publishedOn < writtenOn) fail('publishedOn', '不能早于成文日期');
    const indexNumber = text(input.indexNumber);
    if (indexNumber.length > 60) fail('indexNumber', '不能超过 60 个字符');
    else if (indexNumber && !/^[\p{L}\p{N}\-/._()（）〔〕[\]]+$/u.test(indexNumber))
      fail('indexNumber', '只能包含文字、数字和 - / . _ 等符号，不能有空格');
    const validityText = text(input.validity);
    const state = validityText ? validityWords[validityText] : undefined;
    if (validityText && !state) fail('validity', `「${validityText}」应为“有效”或“已废止”`);
    if (category?.reportRow && !validityText) fail('validity', '规章和行政规范性文件须注明有效性');
    const repealedOn = date('repealedOn', false);
    // 废止 is an act with its date; 失效 (a document that expired by its own term) often has none recorded.
    const expired = validityText.includes('失效');
    if (state === 'repealed' && !expired && !repealedOn && !rowErrors.some((e) => e.field === 'repealedOn'))
      fail('repealedOn', '已废止的须填写废止日期');
    if (repealedOn && writtenOn && repealedOn < writtenOn) fail('repealedOn', '不能早于成文日期');
    const summary = text(input.summary);
    if (summary.length > 1000) fail('summary', '不能超过 1000 个字符');
    const body = text(input.body);
    if (body.length > 200_000) fail('body', '不能超过 200000 个字符');
    const bodyHtml = bodyHtmlOf(body);
    if (!summary && !plainText(bodyHtml).trim()) fail('summary', '内容概述和正文至少填写一项');
    const attachments = attachmentsOf(input.attachments);
    if (typeof attachments === 'string') fail('attachments', attachments);
    else {
      if (attachments.length > 30) fail('attachments', '最多 30 个附件');
      for (const a of attachments) {
        if (!typeOfFileName(a.fileName))
          fail('attachments', `「${a.fileName}」不是可以发布的文件类型（PDF、Word、Excel、JPEG、PNG）`);
        else if (a.fileName.length > 120) fail('attachments', `「${a.fileName}」文件名不能超过 120 个字符`);
      }
      const names = attachments.map((a) => a.fileName);
      const repeated = names.find((n, j) => names.indexOf(n) !== j);
      if (repeated) fail('attachments', `「${repeated}」重复列出`);
    }
    const content: CatalogueRow['content'] = {
      title,
      category: category?.slug ?? '',
      topic,
      ...(documentNumber && { documentNumber }),
      writtenOn: writtenOn ?? '',
      ...(category?.reportRow &&
        state && { validity: { state, ...(state === 'repealed' && repealedOn && { repealedOn }) } }),
      summary,
      bodyHtml,
    };
    // 个人信息检查 before anything goes public: a row whose text, links or attachments' names hold a person's number is not imported.
    const named = (typeof attachments === 'string' ? [] : attachments).map((a) => ({ ...a, id: '', contentType: '' }));
    for (const finding of scanSegments(contentSegments({ ...content, attachments: named }))) {
      const field = finding.where.field === 'attachment' ? 'attachments' : (finding.where.field as CatalogueColumn);
      fail(
        field in catalogueColumns ? field : 'body',
        `含有个人信息（${findingText(finding)}），请删除后再导入；确需公开的，请逐条录入并由审核人确认`,
      );
    }
    // A 索引号 used twice is an error of the later row, whatever else is wrong with the earlier one.
    const indexTwice = indexNumber ? seenIndex.get(indexNumber) : undefined;
    if (indexNumber && indexTwice === undefined) seenIndex.set(indexNumber, row);
    if (indexTwice !== undefined) repeated.set(indexTwice, [...(repeated.get(indexTwice) ?? []), row]);
    const indexRepeated = () => fail('indexNumber', `与第 ${indexTwice} 行相同`);
    if (rowErrors.length || !publishedOn || typeof attachments === 'string') {
      if (indexTwice !== undefined) indexRepeated();
      errors.push(...rowErrors);
      return;
    }
    const id = catalogueRowId(context.agencyId, {
      ...(indexNumber && { indexNumber }),
      title,
      ...(documentNumber && { documentNumber }),
      publishedOn,
    });
    if (seenId.has(id)) {
      errors.push({ row, field: 'row', message: `第 ${row} 行 与第 ${seenId.get(id)} 行是同一条信息` });
      return;
    }
    if (indexTwice !== undefined) {
      indexRepeated();
      errors.push(...rowErrors);
      return;
    }
    seenId.set(id, row);
    out.push({ row, id, content, publishedOn, ...(indexNumber && { indexNumber }), attachments });
  });
  // The first row of a repeated 索引号 is an error too: which row holds the number is the office's to say.
  for (const [first, later] of repeated)
    errors.push({
      row: first,
      field: 'indexNumber',
      message: `第 ${first} 行 索引号：与第 ${later.join('、')} 行相同`,
    });
  errors.sort((a, b) => a.row - b.row);
  return { rows: out.filter((r) => !repeated.has(r.row)), errors, categories: [...uses.values()] };
}

/** What the item page and the event say of an imported item's date (never judged late). */
export const importedLateText = (writtenOn: IsoDate, publishedOn: IsoDate) =>
  `成文日期${formatDate(writtenOn, false)}，${formatDate(publishedOn, false)}在原网站发布（历史信息迁移，按原发布日期著录，不适用本平台的发布时限判断）。`;
