/**
 * 个人信息检查: personal data in what is about to go public — 居民身份证号码 (GB 11643: its check
 * character, a real birth date and a province's code; and the 15-digit numbers issued before 1999),
 * mobile numbers and bank card numbers (Luhn), each with the name written beside it as context for
 * the reviewer. Pure: the privacy function reads the files into text segments and calls `scanSegments`;
 * the review rules (`openFindings`, `acknowledgeFindings`) are the publications function's.
 */
import { createHash } from 'node:crypto';
import { isCreditCode, isResidentIdNumber } from './identity.ts';
import { plainText } from './rich-text.ts';

export const privacyKinds = {
  idNumber: '居民身份证号码',
  mobile: '手机号码',
  bankCard: '银行卡号',
  unchecked: '无法自动检查（请人工核对）',
} as const;
export type PrivacyKind = keyof typeof privacyKinds;

/** Bumped when the rules change: a scan by older rules is done again before approval. */
export const scannerVersion = 1;

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
  kind: PrivacyKind;
  where: PrivacyWhere;
  /** The text around it with every number found masked (never the number itself). */
  excerpt: string;
  /** A name written just before it, for the reviewer's context. */
  name?: string;
  /** Why a file could not be read (unchecked only). */
  reason?: string;
  acknowledged?: { by: string; byName?: string; at: string; reason: string };
}

interface Hit {
  kind: Exclude<PrivacyKind, 'unchecked'>;
  start: number;
  end: number;
  digits: string;
}

// 行政区划代码: the provinces' first two digits (including 71 台湾, 81 香港, 82 澳门).
const provinces = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(' '),
);

const validDate = (year: number, month: number, day: number) => {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/** An 18-character number a person could hold: a province, a birth date from 1900 to now, the check character. */
export function isPlausibleIdNumber(value: string, thisYear = new Date().getUTCFullYear()): boolean {
  if (!provinces.has(value.slice(0, 2)) || !isResidentIdNumber(value)) return false;
  const year = Number(value.slice(6, 10));
  return year >= 1900 && year <= thisYear;
}

/** A 15-digit number of the first generation (before 1999): a province and a birth date 19YYMMDD. */
export function isOldIdNumber(value: string): boolean {
  if (!/^\d{15}$/.test(value) || !provinces.has(value.slice(0, 2))) return false;
  return validDate(1900 + Number(value.slice(6, 8)), Number(value.slice(8, 10)), Number(value.slice(10, 12)));
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Card numbers of the schemes issued in China (UnionPay 62, Visa 4, Mastercard 5, JCB/Amex 3), 16 to 19 digits. */
const isBankCard = (digits: string) => /^[3-6]\d{15,18}$/.test(digits) && passesLuhn(digits) && !idShaped(digits);

/** A region, then a year, month and day: an identity number mistyped (a failed check), never a card that happens to pass Luhn. */
const idShaped = (digits: string) =>
  digits.length === 18 &&
  provinces.has(digits.slice(0, 2)) &&
  /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(digits.slice(6, 14));
const isMobile = (digits: string) => /^1[3-9]\d{9}$/.test(digits);

/** How the digits may be grouped as people write them (中间可有空格或连字符). */
const shapes: { kind: Hit['kind']; groups: RegExp; test: (digits: string) => boolean }[] = [
  { kind: 'idNumber', groups: /^(18|6,8,4|6,4,4,4|6,4,4,3,1)$/, test: (d) => isPlausibleIdNumber(d) },
  { kind: 'idNumber', groups: /^(15|6,6,3)$/, test: isOldIdNumber },
  { kind: 'mobile', groups: /^(11|3,4,4|3,8)$/, test: isMobile },
  { kind: 'bankCard', groups: /^(1[6-9]|4,4,4,4(,[1-4])?|6,1[0-3])$/, test: isBankCard },
];

// A run of digits (an X may end a 身份证号码), groups joined by one space or hyphen.
const runPattern = /(?<![0-9A-Za-z])\d+(?:[ -]?\d+)*[Xx]?(?![0-9A-Za-z])/g;

/** Full-width digits and letters (０１２, Ｘ) read as their ASCII forms; one code unit each, so offsets hold. */
const normalise = (text: string) =>
  text.replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');

/** Sums of money and decimals are not personal data: 13812345678元, ￥6222…, 0.138… */
function isAmount(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 2), start);
  const after = text.slice(end, end + 5);
  return (
    /[¥￥$.．]\s?$/.test(before) || /^\s?([.．]\d|[元万亿%‰]|,\d{3}|yuan|RMB|CNY)/i.test(after) || /\d,$/.test(before)
  );
}

function hitsIn(text: string): Hit[] {
  const hits: Hit[] = [];
  for (const run of text.matchAll(runPattern)) {
    const groups = [...run[0].matchAll(/\d+[Xx]?/g)].map((g) => ({ text: g[0], at: run.index + g.index }));
    // Each group starts a candidate: the longest span of groups from it that has a shape and passes its test.
    for (let i = 0; i < groups.length; ) {
      let best: Hit | undefined;
      let bestJ = i;
      for (let j = i; j < groups.length && j < i + 6; j++) {
        const span = groups.slice(i, j + 1);
        const digits = span
          .map((g) => g.text)
          .join('')
          .toUpperCase();
        if (digits.length > 19) break;
        if (j < groups.length - 1 && /X$/.test(digits)) break;
        const lengths = span.map((g) => g.text.length).join(',');
        const start = span[0]!.at;
        const end = span.at(-1)!.at + span.at(-1)!.text.length;
        const shape = shapes.find((s) => s.groups.test(lengths) && s.test(digits));
        if (
          shape &&
          !isAmount(text, start, end) &&
          !(digits.length === 18 && shape.kind !== 'idNumber' && isCreditCode(digits))
        ) {
          best = { kind: shape.kind, start, end, digits };
          bestJ = j;
        }
      }
      if (best) {
        hits.push(best);
        i = bestJ + 1;
      } else i += 1;
    }
  }
  return hits;
}

const mask = (hit: Hit) => {
  const { digits } = hit;
  if (hit.kind === 'mobile') return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (hit.kind === 'bankCard') return `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}`;
  return `${digits.slice(0, 4)}${'*'.repeat(digits.length - 8)}${digits.slice(-4)}`;
};

// 百家姓: the commonest surnames (with the compound ones), for the name written beside a number.
const surnames = new Set([
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝',
]);
const compoundSurnames = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '长孙',
  '宇文',
];
// The labels written between a name and its number: 身份证号码：, 联系电话, 卡号 …
const labels =
  /(?:[\s:：,，、;；()（）[\]【】]|公民身份号码|身份证号码|身份证号|身份证|证件号码|号码|联系电话|联系方式|手机号码|手机号|手机|电话|银行卡号|银行账号|卡号|账号|开户行)+$/;

function nameBefore(text: string, start: number): string | undefined {
  let before = text.slice(Math.max(0, start - 24), start);
  for (let last = ''; last !== before; ) {
    last = before;
    before = before.replace(labels, '');
  }
  const run = /[\u4e00-\u9fa5·]{2,}$/.exec(before)?.[0];
  if (!run) return undefined;
  for (const length of [3, 2, 4]) {
    const name = run.slice(-length);
    if (name.length !== length) continue;
    if (compoundSurnames.some((s) => name.startsWith(s)) ? length >= 3 : surnames.has(name[0]!)) return name;
  }
  return undefined;
}

/** The text around a hit, every number found in it masked, on one line. */
function excerptOf(text: string, hit: Hit, hits: Hit[]): string {
  const from = Math.max(0, hit.start - 16);
  const to = Math.min(text.length, hit.end + 16);
  let out = '';
  let at = from;
  for (const h of hits.filter((h) => h.end > from && h.start < to)) {
    out += text.slice(at, Math.max(at, h.start));
    out += mask(h);
    at = h.end;
  }
  out += text.slice(at, to);
  return `${from > 0 ? '…' : ''}${out.replace(/\s+/g, ' ').trim()}${to < text.length ? '…' : ''}`;
}

/** The personal data in each segment, in order, numbered from 1. */
export function scanSegments(segments: TextSegment[]): PrivacyFinding[] {
  const findings: PrivacyFinding[] = [];
  for (const { where, text: raw, cells } of segments) {
    const text = normalise(raw);
    const hits = hitsIn(text);
    let previous: { end: number; name?: string } | undefined;
    for (const hit of hits) {
      // A name before the first of a person's numbers (张三，身份证号码…，电话…) names the next ones too.
      const name =
        nameBefore(text, hit.start) ??
        (previous && hit.start - previous.end < 40 && !/[。\n]/.test(text.slice(previous.end, hit.start))
          ? previous.name
          : undefined);
      previous = { end: hit.end, ...(name && { name }) };
      const cell = cells?.findLast((c) => c.start <= hit.start)?.ref;
      findings.push({
        id: String(findings.length + 1),
        kind: hit.kind,
        where: cell ? { ...where, cell } : where,
        excerpt: excerptOf(text, hit, hits),
        ...(name && { name }),
      });
    }
  }
  return findings;
}

/** The numbers themselves, for tests and the corpus: the kind and the digits of each hit in a text. */
export const personalNumbersIn = (text: string) =>
  hitsIn(normalise(text)).map(({ kind, digits }) => ({ kind, digits }));

/** A file the scan could not read (an image, a scanned PDF, an old .doc/.xls), which someone must check by eye. */
export const uncheckedFile = (where: PrivacyWhere, reason: string, id: string): PrivacyFinding => ({
  id,
  kind: 'unchecked',
  where,
  excerpt: '',
  reason,
});

export const openFindings = (findings: readonly PrivacyFinding[]) => findings.filter((f) => !f.acknowledged);

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

/** The scan's key for this content: its text, its files and the rules' version. */
export const reviewKey = (content: ScannedContent) =>
  `${scannerVersion}:${createHash('sha256')
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

/** The item's own text as segments: 标题, 文号, 内容概述, 正文 (its text, without markup). */
export const contentSegments = (content: ScannedContent): TextSegment[] =>
  [
    { where: { field: 'title' as const }, text: content.title },
    { where: { field: 'documentNumber' as const }, text: content.documentNumber ?? '' },
    { where: { field: 'summary' as const }, text: content.summary },
    { where: { field: 'body' as const }, text: plainText(content.bodyHtml) },
  ].filter((s) => s.text.trim());

/**
 * A fresh review of the content's own text; `scanning` while its attachments wait for the privacy
 * function (which adds what they hold, numbered after these).
 */
export function textReview(content: ScannedContent, by: PrivacyReview['by'], at: string): PrivacyReview {
  return {
    key: reviewKey(content),
    state: content.attachments.length ? 'scanning' : 'done',
    findings: scanSegments(contentSegments(content)),
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

/** A review's outcome in a sentence, for the timeline. */
export function reviewSummary(review: PrivacyReview): string {
  const open = openFindings(review.findings);
  if (review.state === 'scanning') return '个人信息检查：正在读取附件。';
  if (!review.findings.length) return '个人信息检查：未发现身份证号码、手机号码、银行卡号。';
  const counts = Object.entries(privacyKinds)
    .map(([kind, label]) => [label, open.filter((f) => f.kind === kind).length] as const)
    .filter(([, n]) => n)
    .map(([label, n]) => `${label} ${n} 处`);
  return open.length
    ? `个人信息检查：发现 ${open.length} 项待审核人处理（${counts.join('，')}）。`
    : '个人信息检查：各项均已确认。';
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
      ? `工作表 ${where.sheet}!${where.cell}`
      : where.paragraph
        ? `第 ${where.paragraph} 段`
        : '';
  return `${fields[where.field]}${file}${where.section ? `「${where.section}」` : ''}${place && ` ${place}`}`;
}

/** A finding's line for a 409 or an audit event: 正文：居民身份证号码 张三 …2201**********001X… */
export const findingText = (f: PrivacyFinding) =>
  `${whereText(f.where)}：${privacyKinds[f.kind]}${f.name ? `（${f.name}）` : ''}${f.excerpt ? ` ${f.excerpt}` : f.reason ? ` ${f.reason}` : ''}`;

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
