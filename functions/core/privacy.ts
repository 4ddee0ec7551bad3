/**
 * 个人信息检查: personal data in what is about to go public — 居民身份证号码 (GB 11643: its check
 * character, a real birth date and a province's code; and the 15-digit numbers issued before 1999),
 * mobile numbers and bank card numbers (Luhn), each with the name written beside it as context for
 * the reviewer. Pure: the privacy function reads the files into text segments and calls `scanSegments`;
 * the review rules (`openFindings`, `acknowledgeFindings`) are the publications function's.
 */
import { createHash } from 'node:crypto';
import { type ExpressionChecker, shippedExpressions } from './expressions.ts';
import {
  expressionFindings,
  expressionLabel,
  expressionSummary,
  expressionText,
  type ExpressionDetail,
} from './expression-review.ts';
import { htmlSegments, maskedWhere, scanSegments } from './privacy-scan.ts';

export const privacyKinds = {
  idNumber: '居民身份证号码',
  mobile: '手机号码',
  bankCard: '银行卡号',
  unchecked: '无法自动检查（请人工核对）',
} as const;
export type PrivacyKind = keyof typeof privacyKinds;
/** A check's findings are personal data (个人信息检查) or wording (表述检查, `expression`). */
export type FindingKind = PrivacyKind | 'expression';

/**
 * Bumped when the rules change: a scan by older rules is done again before approval (2: numbers read
 * however written, by their labels, in attributes and file names; 3: images and scans by OCR).
 */
export const scannerVersion = 3;

/** Where a text came from: a field of the item, or a file with its page, sheet or cell. */
export interface PrivacyWhere {
  field: 'title' | 'summary' | 'documentNumber' | 'body' | 'attachment' | 'page' | 'report';
  attachmentId?: string;
  fileName?: string;
  /** A PDF's page (from 1). */
  page?: number;
  /** A workbook's sheet and cell (Sheet1!C5), or a document's paragraph. */
  sheet?: string;
  cell?: string;
  paragraph?: number;
  /** A report's section or a column page's name. */
  section?: string;
}

export interface TextSegment {
  where: PrivacyWhere;
  text: string;
  /** Where each cell of a row starts in `text` (a workbook's row is one segment, so a name in the next cell is context). */
  cells?: { ref: string; start: number }[];
}

export interface PrivacyFinding {
  id: string;
  kind: FindingKind;
  where: PrivacyWhere;
  /** The text around it with every number found masked (never the number itself). */
  excerpt: string;
  /** A name written just before it, for the reviewer's context. */
  name?: string;
  /** Why a file could not be read (unchecked), or why the number found is incomplete (a spreadsheet kept it as a number). */
  reason?: string;
  acknowledged?: { by: string; byName?: string; at: string; reason: string };
  /** 表述检查 (kind `expression`): the wrong form, the right one, serious or a warning. */
  expression?: ExpressionDetail;
}

export {
  isOldIdNumber,
  isPlausibleIdNumber,
  numbersIn,
  passesLuhn,
  personalNumbersIn,
  scanSegments,
} from './privacy-scan.ts';

/** A file the scan could not read (an image, a scanned PDF, an old .doc/.xls), which someone must check by eye. */
export const uncheckedFile = (where: PrivacyWhere, reason: string, id: string): PrivacyFinding => ({
  id,
  kind: 'unchecked',
  where: maskedWhere(where),
  excerpt: '',
  reason,
});

/** What holds approval: every finding not yet kept with a reason, but a lesser wording (a warning only). */
export const openFindings = (findings: readonly PrivacyFinding[]) =>
  findings.filter((f) => !f.acknowledged && f.expression?.severity !== 'warning');

/** Which checks found these: 个人信息检查, 表述检查, or both (for a refusal's first words). */
export const checksNamed = (findings: readonly PrivacyFinding[]) =>
  findings.every((f) => f.expression)
    ? '表述检查'
    : findings.some((f) => f.expression)
      ? '个人信息检查和表述检查'
      : '个人信息检查';

/** A finding's kind in words. */
export const findingLabel = (f: PrivacyFinding) =>
  f.expression ? expressionLabel(f.expression) : privacyKinds[f.kind as PrivacyKind];

/**
 * A scan of one version of a text and its files: `key` says which (the content and the rules it was
 * read by), so a review is never taken for content it did not read. While the attachments are read
 * (in the privacy function) it is `scanning`.
 */
export interface PrivacyReview {
  key: string;
  state: 'scanning' | 'done';
  findings: PrivacyFinding[];
  /** When the scan started, or finished. */
  at: string;
  /** What asked for it: a submission for review, or the sweep over what was published before. */
  by: 'submit' | 'sweep';
}

/** What a publication's scan reads (its working or its published content). */
export interface ScannedContent {
  title: string;
  documentNumber?: string;
  summary: string;
  bodyHtml: string;
  attachments: readonly { id: string; fileName: string; contentType: string }[];
}

/** The rules a check is made by: the scanner's version and the county's 表述检查 dictionary's. */
export const reviewRules = (expressions: ExpressionChecker = shippedExpressions) =>
  `${scannerVersion}.${expressions.version}`;

/** The scan's key for this content: its text, its files and the rules' version (the county's dictionary with them). */
export const reviewKey = (content: ScannedContent, expressions: ExpressionChecker = shippedExpressions) =>
  `${reviewRules(expressions)}:${createHash('sha256')
    .update(
      JSON.stringify([
        content.title,
        content.documentNumber ?? '',
        content.summary,
        content.bodyHtml,
        content.attachments.map((a) => a.id),
      ]),
    )
    .digest('base64url')}`;

/**
 * The item's own text as segments: 标题, 文号, 内容概述, 正文 (its text with its tables' rows and cells,
 * and its attributes' values: a link's address is published too), and each attachment's file name.
 */
export const contentSegments = (content: ScannedContent): TextSegment[] =>
  [
    { where: { field: 'title' as const }, text: content.title },
    { where: { field: 'documentNumber' as const }, text: content.documentNumber ?? '' },
    { where: { field: 'summary' as const }, text: content.summary },
    ...htmlSegments(content.bodyHtml, { field: 'body' }),
    ...content.attachments.map((a) => ({
      where: { field: 'attachment' as const, attachmentId: a.id, fileName: a.fileName, section: '文件名' },
      text: a.fileName,
    })),
  ].filter((s) => s.text.trim());

/** 个人信息检查 and 表述检查 of the same texts, numbered in one list. */
export function checkSegments(segments: TextSegment[], expressions: ExpressionChecker = shippedExpressions) {
  return [...scanSegments(segments), ...expressionFindings(segments, expressions)].map((f, i) => ({
    ...f,
    id: String(i + 1),
  }));
}

/**
 * A fresh review of the content's own text; `scanning` while its attachments wait for the privacy
 * function (which adds what they hold, numbered after these).
 */
export function textReview(
  content: ScannedContent,
  by: PrivacyReview['by'],
  at: string,
  expressions: ExpressionChecker = shippedExpressions,
): PrivacyReview {
  return {
    key: reviewKey(content, expressions),
    state: content.attachments.length ? 'scanning' : 'done',
    findings: checkSegments(contentSegments(content), expressions),
    at,
    by,
  };
}

/** The review with the attachments' findings added, numbered on from the text's. */
export function withFileFindings(review: PrivacyReview, files: PrivacyFinding[], at: string): PrivacyReview {
  const findings = [...review.findings];
  for (const finding of files) findings.push({ ...finding, id: String(findings.length + 1) });
  return { ...review, state: 'done', findings, at };
}

/** The day's sweep job's id (a repeated sweep starts none twice that day). */
export const dailySweepId = (today: string) =>
  createHash('sha256').update(`privacy:${today}`).digest('hex').slice(0, 16);

/**
 * A review's outcome in a sentence, for the timeline: 个人信息检查's, then 表述检查's when it found
 * anything; `draft` words them for the handler mending a draft.
 */
export function reviewSummary(review: PrivacyReview, draft = false): string {
  const wording = expressionSummary(review.findings, draft);
  const personal = review.findings.filter((f) => !f.expression);
  const open = openFindings(personal);
  if (review.state === 'scanning') return `个人信息检查：正在读取附件。${wording}`;
  if (!personal.length) return `个人信息检查：未发现身份证号码、手机号码、银行卡号。${wording}`;
  const counts = Object.entries(privacyKinds)
    .map(([kind, label]) => [label, open.filter((f) => f.kind === kind).length] as const)
    .filter(([, n]) => n)
    .map(([label, n]) => `${label} ${n} 处`);
  if (!open.length) return `个人信息检查：各项均已确认。${wording}`;
  return draft
    ? `个人信息检查：发现 ${open.length} 项（${counts.join('，')}），请删除或遮盖；确需公开的，提交后由审核人写明理由确认。${wording}`
    : `个人信息检查：发现 ${open.length} 项待审核人处理（${counts.join('，')}）。${wording}`;
}

/** Where a finding is, in words: 正文, 附件「名单.xlsx」第 2 页 / 表 Sheet1!C5 … */
export function whereText(where: PrivacyWhere): string {
  const fields: Record<PrivacyWhere['field'], string> = {
    title: '标题',
    summary: '内容概述',
    documentNumber: '文号',
    body: '正文',
    attachment: '附件',
    page: '页面',
    report: '年度报告',
  };
  const file = where.fileName ? `「${where.fileName}」` : '';
  const place = where.page
    ? `第 ${where.page} 页`
    : where.cell
      ? where.sheet
        ? `工作表 ${where.sheet}!${where.cell}`
        : where.cell
      : where.paragraph
        ? `第 ${where.paragraph} 段`
        : '';
  return `${fields[where.field]}${file}${where.section ? `「${where.section}」` : ''}${place && ` ${place}`}`;
}

/** A finding's line for a 409 or an audit event: 正文：居民身份证号码 张三 …2201**********001X… */
export const findingText = (f: PrivacyFinding) =>
  f.expression
    ? `${whereText(f.where)}：${expressionLabel(f.expression)} ${expressionText(f.expression)}${f.excerpt ? ` ${f.excerpt}` : ''}`
    : `${whereText(f.where)}：${privacyKinds[f.kind as PrivacyKind]}${f.name ? `（${f.name}）` : ''}${f.excerpt ? ` ${f.excerpt}` : ''}${f.reason ? `（${f.reason}）` : ''}`;

export class PrivacyReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrivacyReviewError';
  }
}

/** The reviewer's acknowledgements, each with its reason: the findings with them recorded. */
export function acknowledgeFindings(
  findings: readonly PrivacyFinding[],
  acknowledgements: readonly { id: string; reason: string }[],
  by: { username: string; name?: string },
  at: string,
): PrivacyFinding[] {
  const byId = new Map(acknowledgements.map((a) => [a.id, a.reason.trim()]));
  for (const [id, reason] of byId) {
    const finding = findings.find((f) => f.id === id);
    if (!finding) throw new PrivacyReviewError(`没有编号为 ${id} 的检查发现，请刷新后重试。`);
    if (finding.acknowledged) throw new PrivacyReviewError(`第 ${id} 项已经确认过，请刷新后重试。`);
    if (!reason) throw new PrivacyReviewError(`第 ${id} 项：请写明确认公开的理由。`);
  }
  return findings.map((f) =>
    byId.has(f.id)
      ? { ...f, acknowledged: { by: by.username, ...(by.name && { byName: by.name }), at, reason: byId.get(f.id)! } }
      : f,
  );
}
