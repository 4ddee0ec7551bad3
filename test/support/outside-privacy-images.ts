/**
 * Images of the outside privacy material: 公示 tables as a county office scans or photographs them,
 * each with its ground truth — a screenshot of a published list (PNG), the same kind of list scanned
 * to JPEG, and an image-only PDF (a scan with no text layer, the usual form of a scanned 公示). The
 * pages are written in HTML and rendered by Chromium (Debian's, as the browser tests use it), so the
 * digits are real type, not drawn by us. Seeded; the labels are Chinese, as such lists have them.
 */
import { PDFDocument } from 'pdf-lib';
import { chromium } from 'playwright-core';
import { assertBrowser, chromiumPath } from './chromium.ts';
import {
  bankCard,
  cnDate,
  type Decoy,
  examNo,
  fours,
  mobile,
  money,
  officePhone,
  type OutsideFile,
  personName,
  type Planted,
  residentId,
  seeded,
} from './outside-privacy-numbers.ts';

type Cell = { text: string; planted?: Omit<Planted, 'form'>; decoy?: string };

const page = (title: string, heads: string[], rows: Cell[][], foot: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><style>
body { font-family: 'Noto Sans CJK SC', 'Noto Serif CJK SC', sans-serif; background: #fff; color: #111; margin: 24px; }
h1 { font-size: 20px; } p { font-size: 15px; }
table { border-collapse: collapse; font-size: 16px; } td, th { border: 1px solid #333; padding: 6px 10px; }
</style></head><body><h1>${title}</h1><table><tr>${heads.map((h) => `<th>${h}</th>`).join('')}</tr>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c.text}</td>`).join('')}</tr>`)
    .join('')}</table><p>${foot}</p></body></html>`;

/** The ground truth of a rendered page: every planted cell and every look-alike. */
function truthOf(rows: Cell[][], extra: Decoy[]) {
  const truth: Planted[] = [];
  const decoys: Decoy[] = [...extra];
  for (const [r, row] of rows.entries())
    for (const [c, cell] of row.entries()) {
      if (cell.planted) truth.push({ ...cell.planted, form: 'scanned', where: `row ${r + 1} column ${c + 1}` });
      if (cell.decoy) decoys.push({ value: cell.text, why: cell.decoy, where: `row ${r + 1} column ${c + 1}` });
    }
  return { truth, decoys };
}

/** Three images: a 高龄补贴 list (PNG), a 临时救助 list with cards (JPEG scan), a 资格审查 list with 准考证号 (image-only PDF). */
export async function outsideImages(seed = 2612): Promise<OutsideFile[]> {
  assertBrowser();
  const r = seeded(seed);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  try {
    const shot = async (html: string, type: 'png' | 'jpeg') => {
      const tab = await browser.newPage({ viewport: { width: 820, height: 520 } });
      await tab.setContent(html);
      const bytes = await tab.screenshot({ type, fullPage: true, ...(type === 'jpeg' && { quality: 75 }) });
      await tab.close();
      return new Uint8Array(bytes);
    };
    const files: OutsideFile[] = [];

    const docNo = `松民发〔2026〕${r.int(1, 99)}号`;
    const phone = officePhone(r);
    const date = cnDate(r);
    const elderly = Array.from({ length: 8 }, (_, i): Cell[] => {
      const id = residentId(r, i === 5);
      const m = mobile(r);
      return [
        { text: String(i + 1) },
        { text: personName(r) },
        { text: id, planted: { value: id, type: 'id' } },
        { text: m, planted: { value: m, type: 'mobile' } },
        { text: money(r, 100, 900), decoy: '金额' },
      ];
    });
    files.push({
      name: '露水河镇高龄补贴发放名单.png',
      mediaType: 'image/png',
      kind: 'dibao',
      bytes: await shot(
        page(
          `露水河镇2026年高龄补贴发放名单公示（${docNo}）`,
          ['序号', '姓名', '身份证号码', '联系电话', '补贴金额（元）'],
          elderly,
          `公示期7天。监督电话：${phone}。${date}`,
        ),
        'png',
      ),
      ...truthOf(elderly, [
        { value: docNo, why: '文号' },
        { value: phone, why: '办公电话' },
        { value: date, why: '日期' },
      ]),
    });

    const relief = Array.from({ length: 8 }, (_, i): Cell[] => {
      const id = residentId(r, i === 2);
      const card = bankCard(r);
      return [
        { text: String(i + 1) },
        { text: personName(r) },
        { text: id, planted: { value: id, type: 'id' } },
        { text: i % 2 ? card : fours(card), planted: { value: card, type: 'bank' } },
        { text: money(r, 300, 3000), decoy: '金额' },
      ];
    });
    files.push({
      name: '临时救助对象公示（扫描件）.jpg',
      mediaType: 'image/jpeg',
      kind: 'dibao',
      bytes: await shot(
        page(
          '抚松县2026年第四季度临时救助对象公示',
          ['序号', '户主姓名', '身份证号码', '银行卡号', '救助金额（元）'],
          relief,
          '抚松县民政局',
        ),
        'jpeg',
      ),
      ...truthOf(relief, []),
    });

    const exam = Array.from({ length: 8 }, (): Cell[] => {
      const id = residentId(r);
      const m = mobile(r);
      return [
        { text: examNo(r), decoy: '准考证号' },
        { text: personName(r) },
        { text: id, planted: { value: id, type: 'id' } },
        { text: m, planted: { value: m, type: 'mobile' } },
      ];
    });
    const scan = await shot(
      page(
        '2026年抚松县公开招聘社区工作者资格审查合格人员名单',
        ['准考证号', '姓名', '身份证号码', '手机号码'],
        exam,
        '抚松县民政局',
      ),
      'jpeg',
    );
    const pdf = await PDFDocument.create({ updateMetadata: false });
    const image = await pdf.embedJpg(scan);
    const a4 = pdf.addPage([595, 842]);
    const scale = 555 / image.width;
    a4.drawImage(image, { x: 20, y: 822 - image.height * scale, width: 555, height: image.height * scale });
    files.push({
      name: '资格审查合格人员名单（扫描件）.pdf',
      mediaType: 'application/pdf',
      kind: 'baoming',
      bytes: await pdf.save(),
      ...truthOf(exam, []),
    });
    return files;
  } finally {
    await browser.close();
  }
}
