/**
 * Material for the privacy guard's test and bench: texts a county publishes (低保 and subsidy 公示
 * with their lists, notices with a contact, tenders with a bank account, budgets and normative
 * documents full of numbers), with personal data planted in them and numbers that only look like it
 * (check characters that fail, impossible birth dates, 文号 and 索引号, sums of money, dates,
 * landlines, credit codes, corporate accounts, order numbers), and files of each kind made by real
 * writers (pdf-lib, docx, ExcelJS). Each text knows what was planted, so recall and false positives
 * can be counted. Seeded: the same corpus every run.
 */
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { isCreditCode } from '#core/identity.ts';
import { personalNumbersIn } from '#core/privacy.ts';

export interface Planted {
  kind: 'idNumber' | 'mobile' | 'bankCard';
  digits: string;
}
export interface CorpusText {
  text: string;
  planted: Planted[];
  /** The look-alike numbers written in it (their count is the false-positive rate's denominator). */
  decoys: number;
}

/** mulberry32: a small seeded generator. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const digits = (n: number) => Array.from({ length: n }, () => int(0, 9)).join('');
  const pick = <T>(list: readonly T[]) => list[int(0, list.length - 1)]!;
  return { next, int, digits, pick };
}
type Rng = ReturnType<typeof seeded>;

const regions = ['220621', '220602', '110101', '310104', '440305', '510107', '370102', '420106', '610113', '230103'];
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkOf = (first17: string) =>
  '10X98765432'[[...first17].reduce((t, d, i) => t + weights[i]! * Number(d), 0) % 11]!;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export const idNumber = (rng: Rng) => {
  const first = `${rng.pick(regions)}${rng.int(1940, 2008)}${pad(rng.int(1, 12))}${pad(rng.int(1, 28))}${rng.digits(3)}`;
  return first + checkOf(first);
};
const oldIdNumber = (rng: Rng) =>
  `${rng.pick(regions)}${pad(rng.int(30, 85))}${pad(rng.int(1, 12))}${pad(rng.int(1, 28))}${rng.digits(3)}`;
export const mobile = (rng: Rng) => `1${rng.pick(['3', '5', '7', '8', '9'])}${rng.digits(9)}`;
const luhnComplete = (partial: string) => {
  for (let d = 0; d <= 9; d++) {
    const digits = partial + d;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let v = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      sum += v;
    }
    if (sum % 10 === 0) return digits;
  }
  throw new Error('unreachable');
};
export const bankCard = (rng: Rng) => {
  const prefix = rng.pick(['622202', '621700', '622848', '623052', '436742', '621226', '622700']);
  return luhnComplete(prefix + rng.digits(rng.pick([16, 19]) - prefix.length - 1));
};

/** How people write each kind: run together, grouped, in full-width digits. */
const written = (rng: Rng, p: Planted) => {
  const d = p.digits;
  const style = rng.int(0, 3);
  if (style === 3) return d.replace(/\d/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  if (p.kind === 'mobile' && style > 0) return [d.slice(0, 3), d.slice(3, 7), d.slice(7)].join(style === 1 ? ' ' : '-');
  if (p.kind === 'bankCard' && style > 0) return d.replace(/(\d{4})(?=\d)/g, '$1 ');
  if (p.kind === 'idNumber' && d.length === 18 && style === 1)
    return `${d.slice(0, 6)} ${d.slice(6, 14)} ${d.slice(14)}`;
  return d;
};

// The look-alikes, each a number that is not personal data.
const decoyKinds: ((rng: Rng) => string)[] = [
  // A 身份证号码 whose check character fails.
  (rng) => {
    const id = idNumber(rng);
    const wrong = '0123456789X'.replace(id.at(-1)!, '');
    return id.slice(0, 17) + wrong[rng.int(0, wrong.length - 1)];
  },
  // One born on the 31st of February (its check character computed, so only the date is wrong).
  (rng) => {
    const first = `${rng.pick(regions)}${rng.int(1950, 2000)}0231${rng.digits(3)}`;
    return first + checkOf(first);
  },
  (rng) => `抚政办发〔${rng.int(2005, 2026)}〕${rng.int(1, 120)}号`,
  (rng) => `索引号：013869317/${rng.int(2010, 2026)}-${pad(rng.int(1, 99999), 5)}`,
  (rng) => `${rng.int(10, 19)}${rng.digits(9)}元`,
  (rng) => `${rng.int(100, 999)},${rng.digits(3)},${rng.digits(3)}.${rng.digits(2)}元`,
  (rng) => `￥${luhnComplete(`6222${rng.digits(11)}`)}`,
  (rng) => `${rng.int(1990, 2026)}${pad(rng.int(1, 12))}${pad(rng.int(1, 28))}`,
  (rng) => `0439-${rng.int(6200000, 6299999)}`,
  (rng) => `邮编 ${rng.int(134500, 134599)}`,
  // A corporate account (对公账号): ICBC's and CCB's start with 0 or 2.
  (rng) => `账号：${rng.pick(['0', '2'])}${rng.digits(rng.int(16, 19))}`,
  // An order or contract number that fails Luhn.
  (rng) => {
    const card = luhnComplete(`6${rng.digits(14)}`);
    return `合同编号 ${card.slice(0, -1)}${(Number(card.at(-1)) + 1) % 10}`;
  },
  // A credit code written in digits only.
  (rng) => {
    for (;;) {
      const code = `91220621${rng.digits(10)}`;
      if (isCreditCode(code)) return `统一社会信用代码：${code}`;
    }
  },
  (rng) => `${rng.int(10, 12)}${rng.digits(9)}`,
  (rng) => `${rng.int(1, 9)}.${rng.digits(10)}`,
];

const surnames = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹'];
const given = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰凤琴'];
const personName = (rng: Rng) => `${rng.pick(surnames)}${rng.pick(given)}${rng.int(0, 1) ? rng.pick(given) : ''}`;

type Maker = (rng: Rng, plant: (p: Planted) => string, decoy: () => string) => string;

const makers: Maker[] = [
  // 低保 公示: each person with a number and the monthly sum.
  (rng, plant, decoy) => {
    const rows = Array.from({ length: rng.int(1, 3) }, () => {
      const kind = rng.pick(['idNumber', 'idNumber', 'mobile'] as const);
      const digits = kind === 'idNumber' ? (rng.int(0, 5) ? idNumber(rng) : oldIdNumber(rng)) : mobile(rng);
      return `${personName(rng)}，${kind === 'idNumber' ? '身份证号码' : '联系电话'}：${plant({ kind, digits })}，月保障金 ${rng.int(200, 800)} 元；`;
    });
    return `关于露水河镇${rng.int(2015, 2026)}年城乡居民最低生活保障对象的公示\n根据${decoy()}文件要求，经入户调查、民主评议，现将拟纳入对象公示如下：\n${rows.join('\n')}\n公示期 7 天（${decoy()}起）。监督电话：${decoy()}。`;
  },
  // A notice with its contact person.
  (rng, plant, decoy) =>
    `关于开展${rng.pick(['森林防火', '秸秆禁烧', '安全生产'])}检查的通知\n各村（社区）：按照${decoy()}要求，现将有关事项通知如下。经费 ${decoy()}。\n联系人：${personName(rng)}，手机 ${plant({ kind: 'mobile', digits: mobile(rng) })}，办公电话 ${decoy()}。`,
  // Subsidies paid to cards (惠农补贴 “一卡通”).
  (rng, plant, decoy) =>
    `${rng.int(2016, 2026)}年耕地地力保护补贴发放情况\n${personName(rng)} 补贴面积 ${rng.int(5, 60)} 亩，发放至社保卡 ${plant({ kind: 'bankCard', digits: bankCard(rng) })}。\n资金来源：${decoy()}；${decoy()}。`,
  // A tender: the company's account and code are public, nothing personal.
  (_rng, _plant, decoy) =>
    `抚松县某局办公设备采购项目中标公告\n中标供应商：吉林省某科技有限公司，${decoy()}；开户银行：中国建设银行抚松支行，${decoy()}。\n中标金额：${decoy()}。项目编号：${decoy()}。`,
  // A budget or normative document: numbers everywhere, no person.
  (rng, _plant, decoy) =>
    `抚松县${rng.int(2017, 2026)}年部门预算说明\n一般公共预算支出 ${decoy()}，较上年增长 ${decoy()}。\n依据：${decoy()}；${decoy()}。${decoy()}`,
  // An administrative penalty decision naming the party (行政处罚决定书 公开 with the number left in).
  (rng, plant, decoy) =>
    `行政处罚决定书（${decoy()}）\n当事人：${personName(rng)}，性别：${rng.pick(['男', '女'])}，公民身份号码 ${plant({ kind: 'idNumber', digits: idNumber(rng) })}，住址：抚松县露水河镇。\n罚款 ${decoy()}。`,
];

/** `count` texts, seeded, with what each plants. */
export function privacyTexts(count: number, seed = 2017): CorpusText[] {
  const rng = seeded(seed);
  return Array.from({ length: count }, (_, i) => {
    const planted: Planted[] = [];
    let decoys = 0;
    const plant = (p: Planted) => {
      planted.push(p);
      return written(rng, p);
    };
    const decoy = () => {
      decoys += 1;
      return rng.pick(decoyKinds)(rng);
    };
    const text = makers[i % makers.length]!(rng, plant, decoy);
    return { text, planted, decoys };
  });
}

export interface CorpusFile {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  planted: Planted[];
  decoys: number;
  /** Files the scan cannot read: they must come back as unchecked. */
  unreadable?: true;
}

const pdfType = 'application/pdf';
const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A PDF with a text layer (the standard fonts write Latin only, so its labels are in pinyin). */
async function pdfOf(pages: string[][]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    for (const [i, line] of lines.entries()) page.drawText(line, { x: 50, y: 790 - i * 18, size: 11, font });
  }
  return pdf.save();
}

/** A tiny PNG (one grey pixel): what a scanner hands back, as far as text goes. */
const png = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==', 'base64'),
);

async function scannedPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const image = await pdf.embedPng(png);
  pdf.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  return pdf.save();
}

/**
 * At least 40 files: PDFs (lists of recipients over pages), Word documents (a notice and a table of
 * people), workbooks (a merged title row over a table, numbers stored as text and as numbers), and
 * the unreadable ones (a scanned PDF, an image).
 */
export async function privacyFiles(seed = 2019): Promise<CorpusFile[]> {
  const rng = seeded(seed);
  const files: CorpusFile[] = [];
  const ascii = (d: string) => d;
  for (let n = 0; n < 14; n++) {
    const planted: Planted[] = [];
    let decoys = 0;
    const pages = Array.from({ length: rng.int(1, 3) }, (_, p) => [
      `Lushuihe zhen ${2016 + n} nian butie gongshi, di ${p + 1} ye`,
      ...Array.from({ length: rng.int(3, 8) }, () => {
        const kind = rng.pick(['idNumber', 'mobile', 'bankCard', 'decoy'] as const);
        if (kind === 'decoy') {
          decoys += 1;
          return `Hetong bianhao ${rng.digits(8)}  jine ${rng.int(10, 19)}${rng.digits(9)} yuan  riqi ${rng.int(2000, 2026)}0315`;
        }
        const digits = kind === 'idNumber' ? idNumber(rng) : kind === 'mobile' ? mobile(rng) : bankCard(rng);
        planted.push({ kind, digits });
        decoys += 2;
        return `Zhang Wei  ${ascii(digits)}  ${rng.int(100, 900)}.00 yuan  0439-${rng.int(6200000, 6299999)}`;
      }),
    ]);
    files.push({ fileName: `butie-${n}.pdf`, contentType: pdfType, bytes: await pdfOf(pages), planted, decoys });
  }
  for (let n = 0; n < 13; n++) {
    const texts = privacyTexts(3, seed + n);
    const people = Array.from({ length: rng.int(2, 6) }, () => ({
      name: personName(rng),
      id: idNumber(rng),
      phone: mobile(rng),
    }));
    const doc = new Document({
      sections: [
        {
          children: [
            ...texts.flatMap((t) => t.text.split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] }))),
            new Table({
              rows: [
                new TableRow({
                  children: ['姓名', '身份证号码', '联系电话'].map(
                    (h) => new TableCell({ children: [new Paragraph(h)] }),
                  ),
                }),
                ...people.map(
                  (p) =>
                    new TableRow({
                      children: [p.name, p.id, p.phone].map((v) => new TableCell({ children: [new Paragraph(v)] })),
                    }),
                ),
              ],
            }),
          ],
        },
      ],
    });
    files.push({
      fileName: `gongshi-${n}.docx`,
      contentType: docxType,
      bytes: new Uint8Array(await Packer.toBuffer(doc)),
      planted: [
        ...texts.flatMap((t) => t.planted),
        ...people.flatMap((p) => [
          { kind: 'idNumber' as const, digits: p.id },
          { kind: 'mobile' as const, digits: p.phone },
        ]),
      ],
      decoys: texts.reduce((sum, t) => sum + t.decoys, 0),
    });
  }
  for (let n = 0; n < 12; n++) {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(`${2017 + n}年发放表`);
    sheet.mergeCells('A1:F1');
    sheet.getCell('A1').value = `露水河镇${2017 + n}年高龄补贴发放花名册`;
    sheet.addRow(['序号', '姓名', '身份证号码', '联系电话', '社保卡号', '金额（元）']);
    const planted: Planted[] = [];
    let decoys = 0;
    for (let r = 1; r <= rng.int(4, 12); r++) {
      const row = { id: idNumber(rng), phone: mobile(rng), card: bankCard(rng) };
      planted.push(
        { kind: 'idNumber', digits: row.id },
        { kind: 'mobile', digits: row.phone },
        { kind: 'bankCard', digits: row.card },
      );
      // The phone stored as a number, as offices type it; the sum a decimal.
      sheet.addRow([r, personName(rng), row.id, Number(row.phone), row.card, rng.int(100, 999) + 0.5]);
      decoys += 1;
    }
    sheet.addRow(['合计', '', '', '', '', rng.int(10000, 99999) + 0.5]);
    decoys += 1;
    files.push({
      fileName: `huamingce-${n}.xlsx`,
      contentType: xlsxType,
      bytes: new Uint8Array(await workbook.xlsx.writeBuffer()),
      planted,
      decoys,
    });
  }
  files.push({
    fileName: 'saomiaojian.pdf',
    contentType: pdfType,
    bytes: await scannedPdf(),
    planted: [],
    decoys: 0,
    unreadable: true,
  });
  files.push({
    fileName: 'zhaopian.png',
    contentType: 'image/png',
    bytes: png,
    planted: [],
    decoys: 0,
    unreadable: true,
  });
  return files;
}

/** What the scanner makes of texts: planted numbers found (of their kind), look-alikes taken for personal data. */
export function corpusFigures(texts: readonly Pick<CorpusText, 'text' | 'planted' | 'decoys'>[]) {
  const figures = { planted: 0, found: 0, decoys: 0, falsePositives: 0 };
  for (const text of texts) {
    const hits = personalNumbersIn(text.text);
    figures.planted += text.planted.length;
    figures.decoys += text.decoys;
    figures.found += text.planted.filter((p) => hits.some((h) => h.kind === p.kind && h.digits === p.digits)).length;
    figures.falsePositives += hits.filter((h) => !text.planted.some((p) => p.digits === h.digits)).length;
  }
  return figures;
}
