/**
 * Outside material for the privacy guard (个人信息检查): notices as agencies publish them, with
 * personal numbers (居民身份证号码, mobile numbers, bank cards) written in the forms real documents use,
 * and the numbers that are not personal (准考证号, 注册号, the agency's own 对公账户, 统一社会信用代码,
 * 文号, 索引号, office phones) labelled as a reviewer would label them. Written from the documents
 * and from GB 11643, not from our scanner. Seeded, so every run sees the same material; nothing runs
 * on import. All names and numbers are generated; none is a real person's.
 *
 * What leaked documents look like (pages read 2026-12 through the pages search corpus):
 * - 罗塘乡《2015年12月农村低保金资金发放花名册(银行代发)》, 阳光社区《孕前优生健康检查人员名单》
 *   with 77 full ID numbers: http://big5.china.com.cn/gate/big5/news.china.com.cn/2017-11/14/content_41887052.htm,
 *   http://taihainet.com/news/txnews/cnnews/sh/2017-11-14/2073441.html
 * - 黎川县《建档立卡贫困户名单的公示》 (附件 with 姓名, 完整身份证号码):
 *   http://trustsoft.com.cn/news/show-531.aspx
 * - 新宁县 住房保障 公示 and 危房改造资金发放名单, 文号 form 新政办发[2018]47号:
 *   https://www.xuehua.us/a/5ebef18873e8c75007ac587f?lang=zh-hk
 * - 高密市《申请廉租住房人员名单公示》, 索引号 1137078555222300XQ/2015-00020: http://wakesea.com/shehui/31208.html
 * - 辛集市 城乡特困人员公示 (街道, 社区, 姓名, 性别, 特困类别, 金额, 身份证号码): https://wendabaike.com/wiki/90378.html
 * - 永安市 通报: personal mobiles in 森林防灭火 notices; masking as 138****1234:
 *   http://einc2018.com/ztzl/wzxmt/cqtb/202301/t20230104_1868472.htm
 * - 拟聘用人员 公示 columns (准考证号, 姓名, 性别, 出生年月, 学历, 岗位, 总成绩):
 *   http://www.cqmama.net/forum.php?mod=viewthread&ordertype=2&tid=658272, http://m.2exam.com/fjgwy/HUNANSY/807236_2.shtml
 * - 行政处罚决定书 contents (姓名, 身份证件的名称和号码, 住址): https://laweer.com/question/61425a7a28fbb.html
 * - 非税收入 汇缴/财政专户, 缴款书: http://www.jhnsh.com/info/1126/5156.htm
 * - 吊销营业执照 notices (企业名称, 法定代表人): https://yuanbohao.com/bk/jycs/25061.html
 * - 不动产单元号 structure (6+3+3+2+5+... ): http://qebk.com/news/b0e88d86a74645b986b7b8497bd09c4a.html
 *
 * PDFs use pdf-lib's standard fonts, which cannot encode Chinese or full-width digits, so PDF labels
 * are pinyin and the full-width table is written with one space between digits instead (what
 * full-width digits often become when a PDF's text is extracted).
 */
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import {
  beginText,
  endText,
  moveText,
  PDFDocument,
  PDFName,
  PDFHexString,
  type PDFPage,
  StandardFonts,
  setFontAndSize,
  showText,
} from 'pdf-lib';
import { creditCheck, idCheck } from './county-export.ts';

export type PersonalType = 'id' | 'mobile' | 'bank';
/** How a planted number is written: the ways of `writers` below, and those only files have. */
export type Form = TextForm | 'number-cell' | 'split-cells' | 'one-digit-per-cell' | 'cell-line-break' | 'wrapped';
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
function seeded(seed: number) {
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
type Rng = ReturnType<typeof seeded>;
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const words = (s: string) => s.split(' ');

// ---- personal numbers ----
/** Real county-level codes (抚松, 朝阳, 长丰, 铜官, 珠山, 黎川, 新宁, 高密, 辛集, 永安, 茅箭, 突泉). */
const areas = words('220621 110105 340121 340705 360203 361022 430528 370785 130181 350481 420302 152224');
function birth(r: Rng, fromYear: number, toYear: number) {
  const y = r.int(fromYear, toYear);
  const m = r.int(1, 12);
  return `${y}${pad(m, 2)}${pad(r.int(1, m === 2 ? 28 : 30), 2)}`;
}
function residentId(r: Rng, endsInX = false): string {
  for (;;) {
    const first17 = `${r.pick(areas)}${birth(r, 1938, 2006)}${r.digits(3)}`;
    const id = first17 + idCheck(first17);
    if (endsInX === id.endsWith('X')) return id;
  }
}
/** First-generation card (before 1999): area, YYMMDD, sequence; no check digit. */
const oldId = (r: Rng) => `${r.pick(areas)}${birth(r, 1930, 1979).slice(2)}${r.digits(3)}`;
/** The check character replaced by another: the number a clerk mistyped. */
function mistype(r: Rng, id: string) {
  const wrong = '0123456789X'.replace(id[17]!, '');
  return id.slice(0, 17) + wrong[r.int(0, wrong.length - 1)]!;
}
const mobilePrefixes = words(
  '130 131 133 135 136 137 138 139 150 151 152 155 157 158 159 166 176 177 180 181 186 187 188 189 198 199',
);
const mobile = (r: Rng) => r.pick(mobilePrefixes) + r.digits(8);
/** Luhn check digit of a card number's body. */
const luhn = (body: string) =>
  String(
    (10 - ([...body].reverse().reduce((s, c, i) => s + (i % 2 ? +c : +c * 2 > 9 ? +c * 2 - 9 : +c * 2), 0) % 10)) % 10,
  );
/** Debit cards of ICBC, CCB, ABC, rural credit unions; 19 digits, some 16. */
function bankCard(r: Rng) {
  const bin = r.pick(['622202', '621700', '622848', '623059', '621226', '622908', '621799', '622188']);
  const body = bin + r.digits((r.int(0, 4) ? 19 : 16) - 7);
  return body + luhn(body);
}
const surnames = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const given = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红建国文辉鹏飞春梅海燕金凤志刚德胜淑珍'];
const personName = (r: Rng) => r.pick(surnames) + r.pick(given) + (r.int(0, 2) ? r.pick(given) : '');

// ---- numbers that are not personal ----
/** 准考证号 / 报名序号: 11 digits that may begin 13–19, like a mobile. */
const examNo = (r: Rng) => `${r.int(13, 19)}26${r.digits(7)}`;
/** 工商注册号: 6-digit registration authority, 8-digit sequence, GB/T 17710 MOD 11,10 check. */
function regNo(r: Rng, individual: boolean) {
  const first14 = `${r.pick(areas)}${individual ? '6' : '0'}${r.digits(7)}`;
  let p = 10;
  for (const c of first14) p = (((p + Number(c)) % 10 || 10) * 2) % 11;
  return first14 + String((11 - p) % 10);
}
/** 统一社会信用代码 (GB 32100) with an organisation code (GB 11714). */
function creditCode(r: Rng, type: '11' | '12' | '91' | '92') {
  const org = r.digits(8);
  const c = 11 - ([...org].reduce((s, d, i) => s + Number(d) * [3, 7, 9, 10, 5, 8, 4, 2][i]!, 0) % 11);
  const first17 = `${type}${r.pick(areas)}${org}${c === 10 ? 'X' : c === 11 ? '0' : c}`;
  return first17 + creditCheck(first17);
}
/** An agency's 20-digit settlement account (对公账户), written in groups of four as notices print it. */
const agencyAccount = (r: Rng) => `${r.pick(['2205', '0712', '2200', '1500'])}${r.digits(16)}`;
const groupsOf = (s: string, sizes: number[], sep: string) => {
  const parts: string[] = [];
  let at = 0;
  for (const n of sizes) parts.push(s.slice(at, (at += n)));
  if (at < s.length) parts.push(s.slice(at));
  return parts.filter(Boolean).join(sep);
};
const fours = (s: string) => s.replace(/(.{4})(?=.)/g, '$1 ');
const officePhone = (r: Rng) => `0439-${r.pick(['6', '3', '5'])}${r.digits(6)}`;
const cnDate = (r: Rng) => `2026年${r.int(1, 11)}月${r.int(1, 28)}日`;
const money = (r: Rng, lo: number, hi: number) => `${r.int(lo, hi).toLocaleString('en-US')}.${pad(r.int(0, 99), 2)}`;

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
const writeAs = (form: TextForm, value: string, type: PersonalType, html: boolean) => writers[form](value, type, html);
const idForms = words(
  'plain groups groups-4 dots slashes en-dash fullwidth-hyphen soft-hyphen zero-width spaced fullwidth lower-x line-break href attribute filename mistyped old-15',
) as TextForm[];
const mobileForms = words(
  'plain intl intl-spaced dashed groups fullwidth spaced zero-width line-break href dots',
) as TextForm[];
const bankForms = words('plain groups spaced fullwidth line-break soft-hyphen dashed') as TextForm[];
const htmlOnly = new Set<Form>(['href', 'attribute']);

interface Person {
  name: string;
  sex: '男' | '女';
  id: string;
  mobile: string;
  bank: string;
  idForm: TextForm;
  mobileForm: TextForm;
  bankForm: TextForm;
}

/** A text under construction: every planted number and decoy is recorded where it is written. */
function builder(html: boolean) {
  let text = '';
  const truth: Planted[] = [];
  const decoys: Decoy[] = [];
  const put = (s: string) => void (text += s);
  const record = (p: Omit<Planted, 'start' | 'written'>, written: string) => {
    truth.push({ ...p, start: text.length, written });
    text += written;
  };
  /** Writes a person's number in `form`, with the link, attribute or file name around it when the form asks. */
  const plant = (type: PersonalType, value: string, form: TextForm, name = '') => {
    const p = { value, type, form, ...(form === 'mistyped' ? { mistyped: true as const } : {}) };
    if (form === 'href') {
      put(type === 'mobile' ? '<a href="tel:' : '<a href="/cx/detail?sfz=');
      record(p, value);
      put(type === 'mobile' ? '">拨打</a>' : '&amp;t=1">查看</a>');
    } else if (form === 'attribute') {
      put(`<span class="mask" data-sfz="`);
      record(p, value);
      put(`" title="${name}">${value.slice(0, 3)}***********${value.slice(-4)}</span>`);
    } else if (form === 'filename') {
      if (html) {
        put(`<a href="/uploads/2026/${name}`);
        record(p, value);
        put(`.pdf">${name}`);
        record(p, value);
        put('.pdf</a>');
      } else {
        put(`附件：${name}`);
        record(p, value);
        put('.pdf');
      }
    } else record(p, writeAs(form, value, type, html));
  };
  const decoy = (why: string, value: string, written = value) => {
    decoys.push({ value, why, start: text.length, written });
    text += written;
  };
  return { put, plant, decoy, html, result: () => ({ text, truth, decoys }) };
}
type Builder = ReturnType<typeof builder>;

/** Forms rotate over the whole corpus, so each appears many times and in every kind. */
function people(r: Rng, n: number, turn: { id: number; mobile: number; bank: number }, html: boolean): Person[] {
  const next = (forms: TextForm[], key: 'id' | 'mobile' | 'bank') => {
    for (;;) {
      const f = forms[turn[key]++ % forms.length]!;
      if (html || !htmlOnly.has(f)) return f;
    }
  };
  return Array.from({ length: n }, () => {
    const idForm = next(idForms, 'id');
    // IDs written with a small x end in X; half the full-width ones end in Ｘ, about one in eight elsewhere.
    const endsInX = idForm === 'lower-x' || r.int(0, idForm === 'fullwidth' ? 1 : 7) === 0;
    const base = residentId(r, endsInX);
    const id = idForm === 'old-15' ? oldId(r) : idForm === 'mistyped' ? mistype(r, base) : base;
    return {
      name: personName(r),
      sex: r.pick(['男', '女'] as const),
      id,
      mobile: mobile(r),
      bank: bankCard(r),
      idForm,
      mobileForm: next(mobileForms, 'mobile'),
      bankForm: next(bankForms, 'bank'),
    };
  });
}

// ---- the documents ----
const towns = [
  '抚松镇',
  '松江河镇',
  '泉阳镇',
  '露水河镇',
  '仙人桥镇',
  '万良镇',
  '北岗镇',
  '兴参镇',
  '东岗镇',
  '漫江镇',
];
const villages = ['新屯村', '东兴村', '柳树河村', '大营村', '榆树川村', '黄家崴子村', '西林河村'];
type Cell = (b: Builder, p: Person, i: number) => void;
const txt =
  (s: (p: Person, i: number) => string): Cell =>
  (b, p, i) =>
    b.put(s(p, i));
const idCell: Cell = (b, p) => b.plant('id', p.id, p.idForm, p.name);
const mobileCell: Cell = (b, p) => b.plant('mobile', p.mobile, p.mobileForm);
const bankCell: Cell = (b, p) => b.plant('bank', p.bank, p.bankForm);

function table(b: Builder, heads: string[], cells: Cell[], rows: Person[]) {
  if (b.html) b.put(`<table class="gs-table" border="1"><tr>${heads.map((h) => `<th>${h}</th>`).join('')}</tr>\n`);
  else b.put(`${heads.join('\t')}\n`);
  rows.forEach((p, i) => {
    b.put(b.html ? '<tr>' : '');
    cells.forEach((c, k) => {
      b.put(b.html ? '<td>' : k ? '\t' : '');
      c(b, p, i);
      if (b.html) b.put('</td>');
    });
    b.put(b.html ? '</tr>\n' : '\n');
  });
  if (b.html) b.put('</table>\n');
}
const para = (b: Builder, write: () => void) => {
  b.put(b.html ? '<p>' : '');
  write();
  b.put(b.html ? '</p>\n' : '\n');
};
const heading = (b: Builder, s: string) => b.put(b.html ? `<h1 class="article-title">${s}</h1>\n` : `${s}\n`);
/** The page's metadata block as county sites print it: 索引号, 发文机关, 文号, 发布日期. */
function metaBlock(b: Builder, r: Rng, agency: string, docPrefix: string) {
  const code = creditCode(r, '11');
  para(b, () => {
    b.put('索引号：');
    b.decoy('索引号', `${code}/2026-${pad(r.int(1, 99999), 5)}`);
    b.put(`　发布机构：${agency}　文号：`);
    b.decoy('文号', `${docPrefix}〔2026〕${r.int(1, 120)}号`);
    b.put('　发布日期：');
    b.decoy('日期', cnDate(r));
  });
}
function supervision(b: Builder, r: Rng, agency: string) {
  para(b, () => {
    b.put(`公示期间，如有异议，请向${agency}反映。监督电话：`);
    b.decoy('办公电话', officePhone(r));
    b.put(`。\n${agency}　`);
    b.decoy('日期', cnDate(r));
  });
}
function agencyAccountPara(b: Builder, r: Rng, holder: string) {
  para(b, () => {
    b.put(`收款单位：${holder}　统一社会信用代码：`);
    b.decoy('统一社会信用代码', creditCode(r, '11'));
    b.put('\n开户行：中国建设银行抚松支行　单位账户：');
    const acct = agencyAccount(r);
    b.decoy('对公账户（收款账户）', acct, fours(acct));
  });
}

const kinds: Record<Kind, (b: Builder, r: Rng, rows: Person[]) => void> = {
  dibao(b, r, rows) {
    const town = r.pick(towns);
    heading(b, `${town}2026年${r.int(1, 11)}月农村最低生活保障金发放花名册（银行代发）公示`);
    metaBlock(b, r, '抚松县民政局', '松民发');
    para(b, () =>
      b.put(
        `根据《社会救助暂行办法》和《吉林省最低生活保障办法》，经个人申请、入户调查、民主评议和审核审批，现将${town}城乡低保对象名单予以公示，公示期为7天。`,
      ),
    );
    table(
      b,
      ['序号', '村（社区）', '户主姓名', '身份证号码', '保障人数', '月保障金（元）', '银行卡号'],
      [
        txt((_, i) => String(i + 1)),
        txt(() => r.pick(villages)),
        txt((p) => p.name),
        idCell,
        txt(() => String(r.int(1, 5))),
        (bb) => bb.decoy('金额', money(r, 200, 1800)),
        bankCell,
      ],
      rows,
    );
    supervision(b, r, `${town}人民政府`);
  },
  zhengshou(b, r, rows) {
    heading(
      b,
      `抚松县${r.pick(['城西片区', '松江路', '东山棚户区'])}改造项目国有土地上房屋征收补偿情况公示（第${r.int(1, 9)}批）`,
    );
    metaBlock(b, r, '抚松县房屋征收经办中心', '松征字');
    para(b, () => b.put('依据《国有土地上房屋征收与补偿条例》第二十九条，现将分户补偿情况公示如下：'));
    table(
      b,
      ['被征收人', '身份证号', '房屋坐落', '建筑面积（㎡）', '补偿金额（元）', '开户行', '账号', '联系电话'],
      [
        txt((p) => p.name),
        idCell,
        txt(() => `${r.pick(['人民大街', '松江路', '东山街'])}${r.int(1, 300)}号`),
        (bb) => bb.decoy('面积', `${r.int(40, 160)}.${pad(r.int(0, 99), 2)}`),
        (bb) => bb.decoy('金额', money(r, 80000, 900000)),
        txt(() => r.pick(['中国农业银行抚松支行', '吉林农商银行', '中国工商银行抚松支行'])),
        bankCell,
        mobileCell,
      ],
      rows,
    );
    para(b, () => b.put('征收补偿资金专户信息：'));
    agencyAccountPara(b, r, '抚松县房屋征收经办中心');
    supervision(b, r, '抚松县房屋征收经办中心');
  },
  chufa(b, r, rows) {
    const agency = r.pick(['抚松县市场监督管理局', '抚松县自然资源局', '抚松县城市管理行政执法局']);
    heading(b, `${agency}行政处罚决定书`);
    metaBlock(b, r, agency, r.pick(['松市监处罚', '松自然罚', '松城执罚']));
    for (const p of rows) {
      para(b, () => {
        b.put(`当事人：${p.name}，性别：${p.sex}，公民身份号码：`);
        idCell(b, p, 0);
        b.put(`，住址：抚松县${r.pick(towns)}${r.pick(villages)}${r.int(1, 40)}组，联系电话：`);
        mobileCell(b, p, 0);
        b.put('。\n经查，当事人于');
        b.decoy('日期', cnDate(r));
        b.put(`实施了违法行为。依据有关规定，决定对当事人处以罚款人民币`);
        b.decoy('金额', money(r, 500, 50000));
        b.put('元。当事人应自收到本决定书之日起十五日内，持缴款书到代收银行缴纳罚款。');
      });
    }
    agencyAccountPara(b, r, '抚松县财政局非税收入汇缴专户');
    para(b, () => {
      b.put('如不服本处罚决定，可在收到本决定书之日起六十日内申请行政复议。咨询电话：');
      b.decoy('办公电话', officePhone(r));
    });
  },
  luyong(b, r, rows) {
    heading(b, `抚松县2026年事业单位公开招聘工作人员拟聘用人员名单公示`);
    metaBlock(b, r, '抚松县人力资源和社会保障局', '松人社发');
    para(b, () => b.put('经笔试、面试、体检和考察，现将拟聘用人员名单予以公示，公示期为7个工作日。'));
    table(
      b,
      ['序号', '姓名', '性别', '准考证号', '身份证号', '毕业院校', '总成绩', '联系电话'],
      [
        txt((_, i) => String(i + 1)),
        txt((p) => p.name),
        txt((p) => p.sex),
        (bb) => bb.decoy('准考证号', examNo(r)),
        idCell,
        txt(() => r.pick(['吉林大学', '东北师范大学', '长春工业大学', '北华大学', '通化师范学院'])),
        (bb) => bb.decoy('成绩', `${r.int(60, 89)}.${pad(r.int(0, 99), 2)}`),
        mobileCell,
      ],
      rows,
    );
    supervision(b, r, '抚松县人力资源和社会保障局');
  },
  budongchan(b, r, rows) {
    heading(b, '抚松县不动产首次登记公告');
    metaBlock(b, r, '抚松县不动产登记中心', '松不动产公告');
    para(b, () =>
      b.put(
        '经初步审定，我机构拟对下列不动产权利予以首次登记，根据《不动产登记暂行条例实施细则》第十七条的规定，现予公告。',
      ),
    );
    table(
      b,
      ['权利人', '证件号码', '不动产单元号', '坐落', '面积（㎡）'],
      [
        txt((p) => p.name),
        idCell,
        (bb) =>
          bb.decoy(
            '不动产单元号',
            `220621${pad(r.int(1, 12), 3)}${pad(r.int(1, 30), 3)}JC${r.digits(5)}F${r.digits(8)}`,
          ),
        txt(() => `抚松县${r.pick(towns)}${r.pick(villages)}`),
        (bb) => bb.decoy('面积', `${r.int(80, 900)}.${pad(r.int(0, 99), 2)}`),
      ],
      rows,
    );
    supervision(b, r, '抚松县不动产登记中心');
  },
  baoming(b, r, rows) {
    heading(b, '2026年抚松县公开招聘社区工作者资格审查合格人员名单');
    metaBlock(b, r, '抚松县民政局', '松民函');
    table(
      b,
      ['报名序号', '准考证号', '姓名', '身份证号码', '手机号码'],
      [
        (bb) => bb.decoy('报名序号', examNo(r)),
        (bb) => bb.decoy('准考证号', examNo(r)),
        txt((p) => p.name),
        idCell,
        mobileCell,
      ],
      rows,
    );
    para(b, () => {
      b.put('请考生于');
      b.decoy('日期', cnDate(r));
      b.put('登录报名网站打印准考证。考务咨询电话：');
      b.decoy('办公电话', officePhone(r));
    });
  },
  gongshang(b, r, rows) {
    heading(b, '关于吊销部分个体工商户营业执照的公告');
    metaBlock(b, r, '抚松县市场监督管理局', '松市监公告');
    para(b, () => b.put('下列个体工商户自领取营业执照后无正当理由超过六个月未开业，依法吊销其营业执照。'));
    table(
      b,
      ['字号名称', '注册号', '统一社会信用代码', '经营者', '身份证号', '联系电话'],
      [
        txt(
          () =>
            `抚松县${r.pick(['鑫源', '福兴', '长白山', '松江', '参乡'])}${r.pick(['商店', '饭店', '养殖场', '汽车修理部'])}`,
        ),
        (bb) => bb.decoy('工商注册号', regNo(r, true)),
        (bb) => bb.decoy('统一社会信用代码', creditCode(r, '92')),
        txt((p) => p.name),
        idCell,
        mobileCell,
      ],
      rows,
    );
    supervision(b, r, '抚松县市场监督管理局');
  },
  feishui(b, r, rows) {
    heading(b, '关于缴纳2026年度城镇土地使用税及相关非税收入的通知');
    metaBlock(b, r, '抚松县财政局', '松财非税');
    para(b, () => {
      b.put('请下列缴款人于');
      b.decoy('日期', cnDate(r));
      b.put('前将应缴款项缴入下列账户，缴款时注明缴款人姓名及身份证号。');
    });
    agencyAccountPara(b, r, '抚松县财政局非税收入汇缴结算户');
    table(
      b,
      ['缴款人', '身份证号', '手机', '应缴金额（元）', '退付账户'],
      [txt((p) => p.name), idCell, mobileCell, (bb) => bb.decoy('金额', money(r, 100, 20000)), bankCell],
      rows,
    );
    para(b, () => {
      b.put('联系电话：');
      b.decoy('办公电话', officePhone(r));
    });
  },
};

/** 48 notices: six of each kind, alternating plain text and HTML, six to eight people each. */
export function outsideTexts(seed = 11643): OutsideText[] {
  const r = seeded(seed);
  const turn = { id: 0, mobile: 0, bank: 0 };
  const out: OutsideText[] = [];
  for (let round = 0; round < 6; round++) {
    for (const kind of Object.keys(kinds) as Kind[]) {
      const carrier = (round + out.length) % 2 ? 'html' : 'text';
      const b = builder(carrier === 'html');
      if (b.html) b.put('<div class="TRS_Editor">\n');
      kinds[kind](b, r, people(r, kind === 'chufa' ? 3 : r.int(6, 8), turn, b.html));
      if (b.html) b.put('</div>\n');
      out.push({ id: `${kind}-${round + 1}`, kind, carrier, ...b.result() });
    }
  }
  return out;
}

// ---- files ----
const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** A Word paragraph; '\n' becomes a line break inside the run (<w:br/>), as a hand-typed cell holds it. */
const wPara = (s: string) =>
  `<w:p><w:r>${s
    .split('\n')
    .map((t) => `<w:t xml:space="preserve">${xmlEscape(t)}</w:t>`)
    .join('<w:br/>')}</w:r></w:p>`;
const wTable = (rows: string[][]) =>
  `<w:tbl><w:tblPr><w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((e) => `<w:${e} w:val="single" w:sz="4"/>`).join('')}</w:tblBorders></w:tblPr>${rows
    .map((row) => `<w:tr>${row.map((c) => `<w:tc>${wPara(c)}</w:tc>`).join('')}</w:tr>`)
    .join('')}</w:tbl>`;
/** A minimal DOCX package: content types, the package relationship, the document. */
function docx(body: string) {
  const ns = 'http://schemas.openxmlformats.org';
  return zipSync({
    '[Content_Types].xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
    ),
    '_rels/.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    ),
    'word/document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${ns}/wordprocessingml/2006/main"><w:body>${body}<w:sectPr/></w:body></w:document>`,
    ),
  });
}
const mediaTypes: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};
const fileOf = (name: string, bytes: Uint8Array, truth: Planted[], decoys: Decoy[]): OutsideFile => ({
  name,
  mediaType: mediaTypes[name.split('.').pop()!]!,
  kind: 'dibao',
  bytes,
  truth,
  decoys,
});

/** A 低保 名单 whose ID column holds plain numbers, numbers broken inside the cell, groups, full-width digits. */
function dibaoDocx(r: Rng): OutsideFile {
  const truth: Planted[] = [];
  const decoys: Decoy[] = [];
  const forms: Form[] = ['plain', 'cell-line-break', 'groups', 'fullwidth', 'plain', 'mistyped', 'old-15', 'spaced'];
  const rows = [['序号', '姓名', '身份证号', '家庭人口', '月保障金（元）', '联系电话']];
  for (let i = 0; i < 32; i++) {
    const form = forms[i % forms.length]!;
    const base = residentId(r, i % 9 === 4);
    const id = form === 'old-15' ? oldId(r) : form === 'mistyped' ? mistype(r, base) : base;
    const written =
      form === 'cell-line-break' ? `${id.slice(0, 6)}\n${id.slice(6)}` : writeAs(form as TextForm, id, 'id', false);
    const phone = mobile(r);
    const phoneForm: TextForm = i % 3 ? 'plain' : 'dashed';
    const amount = money(r, 300, 2000);
    truth.push({
      value: id,
      type: 'id',
      form,
      where: `table 1 row ${i + 2} column 3`,
      ...(form === 'mistyped' ? { mistyped: true as const } : {}),
    });
    truth.push({ value: phone, type: 'mobile', form: phoneForm, where: `table 1 row ${i + 2} column 6` });
    decoys.push({ value: amount, why: '金额', where: `table 1 row ${i + 2} column 5` });
    rows.push([
      String(i + 1),
      personName(r),
      written,
      String(r.int(1, 6)),
      amount,
      writeAs(phoneForm, phone, 'mobile', false),
    ]);
  }
  const docNo = `松民发〔2026〕${r.int(1, 99)}号`;
  const phone = officePhone(r);
  decoys.push(
    { value: docNo, why: '文号', where: 'paragraph 2' },
    { value: phone, why: '办公电话', where: 'last paragraph' },
  );
  const body =
    wPara('抚松县2026年第四季度城市最低生活保障对象名单') + wPara(docNo) + wTable(rows) + wPara(`监督电话：${phone}`);
  return fileOf('抚松县2026年第四季度城市低保对象名单.docx', docx(body), truth, decoys);
}

/** 申请表 as printed forms have them: 18 boxes for 公民身份号码, one digit per cell. */
function applicationDocx(r: Rng): OutsideFile {
  const truth: Planted[] = [];
  const decoys: Decoy[] = [];
  let body = '';
  for (let n = 1; n <= 8; n++) {
    const id = residentId(r, n === 3);
    const phone = mobile(r);
    const card = bankCard(r);
    const receipt = `${r.int(20, 29)}26${r.digits(7)}`;
    truth.push(
      { value: id, type: 'id', form: 'one-digit-per-cell', where: `table ${n} row 2 columns 2-19` },
      { value: phone, type: 'mobile', form: 'plain', where: `table ${n} row 3 column 2` },
      { value: card, type: 'bank', form: n % 2 ? 'groups' : 'plain', where: `table ${n} row 4 column 2` },
    );
    decoys.push(
      { value: receipt, why: '受理编号', where: `paragraph before table ${n}` },
      { value: '134500', why: '邮政编码', where: `table ${n} row 5 column 2` },
    );
    body += wPara(`抚松县临时救助申请审批表（受理编号：${receipt}）`);
    body += wTable([
      ['申请人姓名', personName(r), '性别', r.pick(['男', '女'])],
      ['公民身份号码', ...id],
      ['联系电话', phone],
      ['开户银行账号', n % 2 ? writeAs('groups', card, 'bank', false) : card],
      ['邮政编码', '134500'],
    ]);
  }
  return fileOf('临时救助申请审批表（汇总）.docx', docx(body), truth, decoys);
}

/** A 花名册 typed in Excel: IDs typed as numbers (15 significant digits kept), IDs split over two cells, a 手机 column. */
async function rosterXlsx(r: Rng): Promise<OutsideFile> {
  const truth: Planted[] = [];
  const decoys: Decoy[] = [];
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('花名册');
  sheet.addRow(['序号', '姓名', '身份证号码', '手机', '银行卡号', '补助金额（元）']);
  for (let i = 0; i < 30; i++) {
    const row = i + 2;
    const asNumber = i % 3 === 0;
    const id = residentId(r, !asNumber && i % 7 === 1);
    const phone = mobile(r);
    const card = bankCard(r);
    const amount = r.int(100, 3000);
    // Excel keeps 15 significant digits of a typed number and shows it in General format as 2.20621E+17.
    const stored = Number(`${id.slice(0, 15)}000`);
    sheet.addRow([i + 1, personName(r), asNumber ? stored : id, Number(phone), card, amount]);
    truth.push(
      asNumber
        ? {
            value: id,
            type: 'id',
            form: 'number-cell',
            damaged: true,
            shown: stored.toExponential(5).toUpperCase(),
            where: `花名册!C${row}`,
          }
        : { value: id, type: 'id', form: 'plain', where: `花名册!C${row}` },
      { value: phone, type: 'mobile', form: 'number-cell', where: `花名册!D${row}` },
      { value: card, type: 'bank', form: 'plain', where: `花名册!E${row}` },
    );
    decoys.push({ value: String(amount), why: '金额', where: `花名册!F${row}` });
  }
  const split = wb.addWorksheet('分列');
  split.addRow(['报名序号', '姓名', '身份证号（前6位）', '身份证号（后12位）', '手机']);
  for (let i = 0; i < 20; i++) {
    const row = i + 2;
    const id = residentId(r, i % 6 === 2);
    const phone = mobile(r);
    const seq = examNo(r);
    split.addRow([Number(seq), personName(r), id.slice(0, 6), id.slice(6), phone]);
    truth.push(
      { value: id, type: 'id', form: 'split-cells', where: `分列!C${row}:D${row}` },
      { value: phone, type: 'mobile', form: 'plain', where: `分列!E${row}` },
    );
    decoys.push({ value: seq, why: '报名序号', where: `分列!A${row}` });
  }
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  return fileOf('2026年临时救助资金发放花名册.xlsx', bytes, truth, decoys);
}

/** Pinyin names for PDFs (standard fonts have no Chinese). */
const pinyinName = (r: Rng) =>
  `${r.pick(['Zhang', 'Wang', 'Li', 'Liu', 'Chen', 'Zhao', 'Sun', 'Zhou'])} ${r.pick(['Wei', 'Fang', 'Min', 'Jing', 'Qiang', 'Lei', 'Jun', 'Yan'])}`;

/**
 * Full-width digits in a PDF without a CJK font: a Type3 font whose glyphs are drawn here (seven
 * segments, a full em wide) and whose ToUnicode map gives U+FF10–FF19 and Ｘ, so a PDF's text layer
 * holds full-width digits as a PDF made from a Word table set in 宋体 does.
 */
function fullwidthDigitFont(pdf: PDFDocument) {
  const ctx = pdf.context;
  const seg: Record<string, string> = {
    a: '250 820 500 80',
    b: '670 500 80 400',
    c: '670 100 80 400',
    d: '250 100 500 80',
    e: '250 100 80 400',
    f: '250 500 80 400',
    g: '250 460 500 80',
  };
  const lit = ['abcdef', 'bc', 'abged', 'abgcd', 'fgbc', 'afgcd', 'afgedc', 'abc', 'abcdefg', 'abcdfg'];
  const glyph = (ops: string) => ctx.register(ctx.stream(`1000 0 d0\n${ops}\n`));
  const procs: Record<string, ReturnType<typeof glyph>> = {
    X: glyph('250 100 m 340 100 l 750 900 l 660 900 l f 660 100 m 750 100 l 340 900 l 250 900 l f'),
  };
  for (const [n, on] of lit.entries()) procs[`d${n}`] = glyph([...on].map((k) => `${seg[k]} re f`).join(' '));
  const toUnicode = ctx.register(
    ctx.stream(
      '/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /FW-UCS def /CMapType 2 def\n' +
        '1 begincodespacerange <00> <FF> endcodespacerange\n1 beginbfrange <30> <39> <FF10> endbfrange\n' +
        '1 beginbfchar <58> <FF38> endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end',
    ),
  );
  const font = ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'Type3',
      FontBBox: [0, 0, 1000, 1000],
      FontMatrix: [0.001, 0, 0, 0.001, 0, 0],
      CharProcs: procs,
      FirstChar: 48,
      LastChar: 88,
      Widths: Array(41).fill(1000),
      ToUnicode: toUnicode,
      Resources: {},
      Encoding: { Type: 'Encoding', Differences: [48, ...lit.map((_, n) => PDFName.of(`d${n}`)), 88, PDFName.of('X')] },
    }),
  );
  /** Writes ASCII digits and X on `page` as full-width characters. */
  return (page: PDFPage, digits: string, x: number, y: number) => {
    page.node.setFontDictionary(PDFName.of('FW'), font);
    page.pushOperators(
      beginText(),
      setFontAndSize('FW', 8),
      moveText(x, y),
      showText(PDFHexString.of(Buffer.from(digits, 'latin1').toString('hex'))),
      endText(),
    );
  };
}

/**
 * A 公示 PDF laid out in a narrow column: each ID wraps after 10 characters onto a second line; then
 * a second table of IDs written one space between digits (standing in for full-width digits).
 */
async function narrowPdf(r: Rng): Promise<OutsideFile> {
  const truth: Planted[] = [];
  const decoys: Decoy[] = [];
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  let page = pdf.addPage([595, 842]);
  let y = 800;
  const line = (s: string, x: number, at = y) => page.drawText(s, { x, y: at, size: 9, font });
  line('Fusong Xian 2026 nian nongcun dibao duixiang gongshi (Fusong County rural minimum living allowance list)', 40);
  const account = agencyAccount(r);
  y -= 16;
  line(`Shoukuan zhanghu (collection account): ${fours(account)}   Jiandu dianhua: 0439-6222345`, 40);
  decoys.push(
    { value: account, why: '对公账户（收款账户）', where: 'page 1 header' },
    { value: '0439-6222345', why: '办公电话', where: 'page 1 header' },
  );
  y -= 24;
  line('Xuhao   Xingming        Shenfenzheng haoma   Shouji          Zhunkaozheng hao', 40);
  for (let i = 0; i < 20; i++) {
    y -= 26;
    const id = residentId(r, i % 8 === 5);
    const phone = mobile(r);
    const exam = examNo(r);
    line(String(i + 1), 40);
    line(pinyinName(r), 80);
    line(id.slice(0, 10), 170);
    line(id.slice(10), 170, y - 11);
    line(phone, 270);
    line(exam, 360);
    truth.push(
      { value: id, type: 'id', form: 'wrapped', where: `page 1 row ${i + 1}` },
      { value: phone, type: 'mobile', form: 'plain', where: `page 1 row ${i + 1}` },
    );
    decoys.push({ value: exam, why: '准考证号', where: `page 1 row ${i + 1}` });
  }
  page = pdf.addPage([595, 842]);
  y = 800;
  line('Fujian 2: shenqingren mingdan (applicants)', 40);
  for (let i = 0; i < 12; i++) {
    y -= 18;
    const id = residentId(r, i === 4);
    const card = bankCard(r);
    line(
      `${i + 1}   ${pinyinName(r)}   ${writeAs('spaced', id, 'id', false)}   ${writeAs('groups', card, 'bank', false)}`,
      40,
    );
    truth.push(
      { value: id, type: 'id', form: 'spaced', where: `page 2 row ${i + 1}` },
      { value: card, type: 'bank', form: 'groups', where: `page 2 row ${i + 1}` },
    );
  }
  const fullwidth = fullwidthDigitFont(pdf);
  y -= 30;
  line('Fujian 3: linshi jiuzhu duixiang (full-width digits, as typed in a Word table)', 40);
  for (let i = 0; i < 12; i++) {
    y -= 18;
    const id = residentId(r, i % 4 === 1);
    const phone = mobile(r);
    line(`${i + 1}   ${pinyinName(r)}`, 40);
    fullwidth(page, id, 140, y);
    fullwidth(page, phone, 300, y);
    truth.push(
      { value: id, type: 'id', form: 'fullwidth', where: `page 2 table 2 row ${i + 1}` },
      { value: phone, type: 'mobile', form: 'fullwidth', where: `page 2 table 2 row ${i + 1}` },
    );
  }
  return fileOf('dibao-gongshi-2026.pdf', await pdf.save(), truth, decoys);
}

/** The files: two DOCX, one XLSX, one PDF, each with its ground truth. */
export async function outsideFiles(seed = 17): Promise<OutsideFile[]> {
  const r = seeded(seed);
  return [dibaoDocx(r), applicationDocx(r), await rosterXlsx(r), await narrowPdf(r)];
}
