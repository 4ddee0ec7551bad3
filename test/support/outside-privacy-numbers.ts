/**
 * The numbers of the outside privacy material (see outside-privacy-corpus.ts for the sources): personal
 * numbers generated with their check characters (居民身份证号码 GB 11643 and first-generation 15-digit
 * numbers, mobiles, Luhn-valid debit cards), the numbers that are not personal but look so (准考证号,
 * 工商注册号 with its GB/T 17710 check, 统一社会信用代码, an agency's 对公账户), and the ways a person's
 * number is written in documents. Seeded; nothing runs on import.
 */
import { creditCheck, idCheck } from './county-export.ts';

export type PersonalType = 'id' | 'mobile' | 'bank';
/** How a planted number is written: the ways of `writers` below, and those only files have. */
export type Form =
  | TextForm
  | 'number-cell'
  | 'split-cells'
  | 'one-digit-per-cell'
  | 'cell-line-break'
  | 'wrapped'
  /** In a picture: a screenshot, a scan, a PDF page that is only an image. */
  | 'scanned';
export interface Planted {
  /** The digits as a person reads them (ASCII, X upper case). */
  value: string;
  type: PersonalType;
  form: Form;
  /** Offset of `written` in the text (texts only). */
  start?: number;
  /** Exactly as it stands in the text. */
  written?: string;
  /** Bad check digit: still a person's number (it stands under 身份证号). */
  mistyped?: true;
  /** The file no longer holds all digits (a spreadsheet number); `shown` is what the cell displays. */
  damaged?: true;
  shown?: string;
  /** Files: sheet!cell, or table/row/column. */
  where?: string;
}
export interface Decoy {
  value: string;
  /** The label a reviewer would read beside it. */
  why: string;
  start?: number;
  written?: string;
  where?: string;
}
export type Kind = 'dibao' | 'zhengshou' | 'chufa' | 'luyong' | 'budongchan' | 'baoming' | 'gongshang' | 'feishui';
export interface OutsideText {
  id: string;
  kind: Kind;
  carrier: 'text' | 'html';
  text: string;
  truth: Planted[];
  decoys: Decoy[];
}
export interface OutsideFile {
  name: string;
  mediaType: string;
  kind: Kind;
  bytes: Uint8Array;
  truth: Planted[];
  decoys: Decoy[];
}

// ---- seeded randomness (xorshift32) ----
export function seeded(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]) => list[int(0, list.length - 1)]!;
  const digits = (n: number) => Array.from({ length: n }, () => int(0, 9)).join('');
  return { int, pick, digits };
}
export type Rng = ReturnType<typeof seeded>;
export const pad = (n: number, width: number) => String(n).padStart(width, '0');
const words = (s: string) => s.split(' ');

// ---- personal numbers ----
/** 抚松县: the notices' agencies and businesses are registered here; its people were born anywhere. */
const county = '220621';
/** Real county-level codes (抚松, 朝阳, 长丰, 铜官, 珠山, 黎川, 新宁, 高密, 辛集, 永安, 茅箭, 突泉). */
const areas = words('220621 110105 340121 340705 360203 361022 430528 370785 130181 350481 420302 152224');
function birth(r: Rng, fromYear: number, toYear: number) {
  const y = r.int(fromYear, toYear);
  const m = r.int(1, 12);
  return `${y}${pad(m, 2)}${pad(r.int(1, m === 2 ? 28 : 30), 2)}`;
}
export function residentId(r: Rng, endsInX = false): string {
  for (;;) {
    const first17 = `${r.pick(areas)}${birth(r, 1938, 2006)}${r.digits(3)}`;
    const id = first17 + idCheck(first17);
    if (endsInX === id.endsWith('X')) return id;
  }
}
/** First-generation card (before 1999): area, YYMMDD, sequence; no check digit. */
export const oldId = (r: Rng) => `${r.pick(areas)}${birth(r, 1930, 1979).slice(2)}${r.digits(3)}`;
/** The number a clerk mistyped: two digits of the sequence swapped, or the check character replaced. */
export function mistype(r: Rng, id: string) {
  for (;;) {
    const at = r.int(14, 15);
    const typed = r.int(0, 1)
      ? id.slice(0, at) + id[at + 1] + id[at] + id.slice(at + 2)
      : id.slice(0, 17) + r.pick([...'0123456789X']);
    if (idCheck(typed.slice(0, 17)) !== typed[17]) return typed;
  }
}
const mobilePrefixes = words(
  '130 131 133 135 136 137 138 139 150 151 152 155 157 158 159 166 176 177 180 181 186 187 188 189 198 199',
);
export const mobile = (r: Rng) => r.pick(mobilePrefixes) + r.digits(8);
/** Luhn check digit of a card number's body. */
const luhn = (body: string) =>
  String(
    (10 - ([...body].reverse().reduce((s, c, i) => s + (i % 2 ? +c : +c * 2 > 9 ? +c * 2 - 9 : +c * 2), 0) % 10)) % 10,
  );
/** Debit cards of ICBC, CCB, ABC, rural credit unions; 19 digits, some 16. */
export function bankCard(r: Rng) {
  const bin = r.pick(['622202', '621700', '622848', '623059', '621226', '622908', '621799', '622188']);
  const body = bin + r.digits((r.int(0, 4) ? 19 : 16) - 7);
  return body + luhn(body);
}
const surnames = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const given = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红建国文辉鹏飞春梅海燕金凤志刚德胜淑珍'];
export const personName = (r: Rng) => r.pick(surnames) + r.pick(given) + (r.int(0, 2) ? r.pick(given) : '');

// ---- numbers that are not personal ----
/** 准考证号 / 报名序号: 11 digits that may begin 13–19, like a mobile. */
export const examNo = (r: Rng) => `${r.int(13, 19)}26${r.digits(7)}`;
/** 工商注册号: 6-digit registration authority, 8-digit sequence, GB/T 17710 MOD 11,10 check. */
export function regNo(r: Rng, individual: boolean) {
  const first14 = `${county}${individual ? '6' : '0'}${r.digits(7)}`;
  let p = 10;
  for (const c of first14) p = (((p + Number(c)) % 10 || 10) * 2) % 11;
  return first14 + String((11 - p) % 10);
}
/** 统一社会信用代码 (GB 32100) with an organisation code (GB 11714). */
export function creditCode(r: Rng, type: '11' | '12' | '91' | '92') {
  const org = r.digits(8);
  const c = 11 - ([...org].reduce((s, d, i) => s + Number(d) * [3, 7, 9, 10, 5, 8, 4, 2][i]!, 0) % 11);
  const first17 = `${type}${county}${org}${c === 10 ? 'X' : c === 11 ? '0' : c}`;
  return first17 + creditCheck(first17);
}
/** An agency's 20-digit settlement account (对公账户), written in groups of four as notices print it. */
export const agencyAccount = (r: Rng) => `${r.pick(['2205', '0712', '2200', '1500'])}${r.digits(16)}`;
const groupsOf = (s: string, sizes: number[], sep: string) => {
  const parts: string[] = [];
  let at = 0;
  for (const n of sizes) parts.push(s.slice(at, (at += n)));
  if (at < s.length) parts.push(s.slice(at));
  return parts.filter(Boolean).join(sep);
};
export const fours = (s: string) => s.replace(/(.{4})(?=.)/g, '$1 ');
export const officePhone = (r: Rng) => `0439-${r.pick(['6', '3', '5'])}${r.digits(6)}`;
export const cnDate = (r: Rng) => `2026年${r.int(1, 11)}月${r.int(1, 28)}日`;
export const money = (r: Rng, lo: number, hi: number) =>
  `${r.int(lo, hi).toLocaleString('en-US')}.${pad(r.int(0, 99), 2)}`;

// ---- the ways a number is written ----
const groupSizes: Record<PersonalType, number[]> = { id: [6, 8, 4], mobile: [3, 4, 4], bank: [4, 4, 4, 4] };
const toFullwidth = (s: string) =>
  s.replace(/[0-9X]/g, (c) => (c === 'X' ? 'Ｘ' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
type Writer = (value: string, type: PersonalType, html: boolean) => string;
const same: Writer = (v) => v;
const grouped =
  (sep: string): Writer =>
  (v, type) =>
    groupsOf(v, groupSizes[type], sep);
/** The ways a number is written in a text; href, attribute and filename put plain digits inside markup. */
const writers = {
  plain: same,
  'old-15': same,
  mistyped: same,
  groups: grouped(' '),
  'groups-4': (v) => groupsOf(v, [4, 4, 4, 4], ' '),
  dots: grouped('.'),
  slashes: grouped('/'),
  'en-dash': grouped('–'),
  dashed: grouped('-'),
  'fullwidth-hyphen': grouped('－'),
  'soft-hyphen': grouped('\u00AD'),
  'zero-width': (v) => [...v].join('\u200B'),
  spaced: (v) => [...v].join(' '),
  fullwidth: toFullwidth,
  'lower-x': (v) => v.toLowerCase(),
  'line-break': (v, type, html) => {
    const at = type === 'mobile' ? 7 : 10;
    return v.slice(0, at) + (html ? '<br>' : '\n') + v.slice(at);
  },
  intl: (v) => `+86${v}`,
  'intl-spaced': (v, type) => `+86 ${groupsOf(v, groupSizes[type], ' ')}`,
  href: same,
  attribute: same,
  filename: same,
} satisfies Record<string, Writer>;
export type TextForm = keyof typeof writers;
export const writeAs = (form: TextForm, value: string, type: PersonalType, html: boolean) =>
  writers[form](value, type, html);
export const idForms = words(
  'plain groups groups-4 dots slashes en-dash fullwidth-hyphen soft-hyphen zero-width spaced fullwidth lower-x line-break href attribute filename mistyped old-15',
) as TextForm[];
export const mobileForms = words(
  'plain intl intl-spaced dashed groups fullwidth spaced zero-width line-break href dots',
) as TextForm[];
export const bankForms = words('plain groups spaced fullwidth line-break soft-hyphen dashed') as TextForm[];
export const htmlOnly = new Set<Form>(['href', 'attribute']);
