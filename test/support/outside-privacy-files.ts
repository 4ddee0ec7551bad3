/**
 * Files of the outside privacy material as agencies publish them, each with its ground truth: a 低保
 * 名单 and an 18-box 申请表 in DOCX (written as WordprocessingML with fflate), a 花名册 in XLSX
 * (exceljs) with IDs typed as numbers and split over two cells, and a PDF (pdf-lib) whose narrow
 * column wraps IDs onto two lines. pdf-lib's standard fonts cannot encode Chinese or full-width digits:
 * PDF labels are pinyin, and full-width digits are drawn with a small Type3 font of our own.
 */
import ExcelJS from 'exceljs';
import { strToU8, unzipSync, zipSync } from 'fflate';
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
import {
  agencyAccount,
  bankCard,
  type Decoy,
  examNo,
  type Form,
  fours,
  mistype,
  mobile,
  money,
  officePhone,
  oldId,
  type OutsideFile,
  personName,
  type Planted,
  residentId,
  type Rng,
  seeded,
  type TextForm,
  writeAs,
} from './outside-privacy-numbers.ts';

// ---- files ----
/** Files carry this date rather than the clock's, so the same seed gives the same bytes. */
const published = new Date('2026-11-30T08:00:00Z');
const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** A Word paragraph; '\n' becomes a line break inside the run (<w:br/>), as a hand-typed cell holds it. */
const wPara = (s: string) =>
  `<w:p><w:r>${s
    .split('\n')
    .map((t) => `<w:t xml:space="preserve">${xmlEscape(t)}</w:t>`)
    .join('<w:br/>')}</w:r></w:p>`;
const borders = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(
  (e) => `<w:${e} w:val="single" w:sz="4"/>`,
);
/** A Word table; a row with fewer cells than the widest lets its last cell span the rest, as printed forms do. */
function wTable(rows: string[][]) {
  const width = Math.max(...rows.map((r) => r.length));
  const cell = (c: string, span: number) =>
    `<w:tc>${span > 1 ? `<w:tcPr><w:gridSpan w:val="${span}"/></w:tcPr>` : ''}${wPara(c)}</w:tc>`;
  const row = (r: string[]) => `<w:tr>${r.map((c, i) => cell(c, i === r.length - 1 ? width - i : 1)).join('')}</w:tr>`;
  const grid = '<w:gridCol w:w="420"/>'.repeat(width);
  return `<w:tbl><w:tblPr><w:tblBorders>${borders.join('')}</w:tblBorders></w:tblPr><w:tblGrid>${grid}</w:tblGrid>${rows.map(row).join('')}</w:tbl>`;
}
/** A minimal DOCX package: content types, the package relationship, the document. */
function docx(body: string) {
  const ns = 'http://schemas.openxmlformats.org';
  return zipSync(
    {
      '[Content_Types].xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
      ),
      '_rels/.rels': strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
      ),
      'word/document.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${ns}/wordprocessingml/2006/main"><w:body>${body}<w:sectPr/></w:body></w:document>`,
      ),
    },
    { mtime: published },
  );
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
  wb.created = wb.modified = published;
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
  // Re-zipped with a fixed date: exceljs stamps the zip entries with the clock.
  const bytes = zipSync(unzipSync(new Uint8Array(await wb.xlsx.writeBuffer())), { mtime: published });
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
 * a table of IDs written one space between digits with cards in groups, one in full-width digits,
 * and one whose full-width IDs wrap in a narrow column.
 */
async function narrowPdf(r: Rng): Promise<OutsideFile> {
  const truth: Planted[] = [];
  const decoys: Decoy[] = [];
  const pdf = await PDFDocument.create({ updateMetadata: false });
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
  // A Word table printed to PDF with a narrow ID column: full-width IDs wrap after nine characters.
  y -= 30;
  line('Fujian 4: gaoling butie duixiang (full-width digits wrapping in a narrow column)', 40);
  for (let i = 0; i < 8; i++) {
    y -= 24;
    const id = residentId(r, i % 4 === 2);
    const phone = mobile(r);
    line(`${i + 1}   ${pinyinName(r)}`, 40);
    fullwidth(page, id.slice(0, 9), 140, y);
    fullwidth(page, id.slice(9), 140, y - 9);
    fullwidth(page, phone, 240, y);
    truth.push(
      { value: id, type: 'id', form: 'wrapped', where: `page 2 table 3 row ${i + 1}` },
      { value: phone, type: 'mobile', form: 'fullwidth', where: `page 2 table 3 row ${i + 1}` },
    );
  }
  return fileOf('dibao-gongshi-2026.pdf', await pdf.save(), truth, decoys);
}

/** The files: two DOCX, one XLSX, one PDF, each with its ground truth. */
export async function outsideFiles(seed = 17): Promise<OutsideFile[]> {
  const r = seeded(seed);
  return [dibaoDocx(r), applicationDocx(r), await rosterXlsx(r), await narrowPdf(r)];
}
