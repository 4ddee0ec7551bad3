/**
 * 自查's check of the links written in an item's attachments (错链、断链), against a server of the
 * test's own on 127.0.0.1: a PDF names a gone page (404) and a live one in its text and a gone one in
 * a link annotation, a Word document a gone one as a hyperlink and a live one in its text. The privacy
 * function keeps each file's links when it reads the file for the item's review; 自查 checks them
 * with the item's page and, on the second failed check, reports each dead one with the page and the
 * file it is written in, and not the live ones. An attachment published before the links were kept
 * has them once the privacy sweep reads it again, and its page joins them at 自查's next full run.
 */
import { createServer, type Server } from 'node:http';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AddressInfo } from 'node:net';
import { Document, ExternalHyperlink, Packer, Paragraph, TextRun } from 'docx';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobOutcome } from '../support/jobs.ts';
import { signIn, staffCall, startTestPlatform } from '../support/platform.ts';
import { publicationContent, publisher } from '../support/publications.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let countyAdmin: string;
let server: Server;
let origin: string;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(req.url?.endsWith('-gone') ? 404 : 200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  platform = await startTestPlatform();
  countyAdmin = await signIn(platform.url, 'fs-admin');
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await platform?.stop();
});

/** A PDF naming `written` in its text, and `annotated` only as a link annotation over other words. */
async function pdfOf(written: string[], annotated: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  for (const [i, url] of written.entries())
    page.drawText(`Xiangguan wenjian jian ${url}.`, { x: 50, y: 780 - i * 20, size: 11, font });
  page.drawText('Dianji chakan yuanwen', { x: 50, y: 700, size: 11, font });
  const link = pdf.context.register(
    pdf.context.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: [50, 695, 200, 712],
      Border: [0, 0, 0],
      A: { Type: 'Action', S: 'URI', URI: PDFString.of(annotated) },
    }),
  );
  page.node.set(PDFName.of('Annots'), pdf.context.obj([link]));
  return pdf.save();
}

/** A Word document with `linked` as a hyperlink (its words not the address) and `written` in its text. */
async function docxOf(linked: string, written: string): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({
            children: [
              new TextRun('政策原文请点击'),
              new ExternalHyperlink({ children: [new TextRun({ text: '此处', style: 'Hyperlink' })], link: linked }),
              new TextRun(`查看，解读见${written}。`),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

async function inspect(full = false) {
  const started = await staffCall(platform.url, countyAdmin, 'POST', '/api/staff/inspection', { full });
  expect(started.status).toBe(202);
  expect((await jobOutcome(platform.url, countyAdmin, started.body.id)).state).toBe('done');
  return (await staffCall(platform.url, countyAdmin, 'GET', '/api/staff/inspection')).body;
}

type Reported = { rule: string; page: string; agencyId: string; severity: string; detail: string };
const external = (report: Record<string, any>): Reported[] =>
  report.findings.filter((f: Reported) => f.rule === 'externalLinkWrong' || f.rule === 'externalLinkBroken');

describe('自查 of links in attachments', () => {
  it('reports a dead link written in a PDF or Word attachment with the page and the file, not a live one', async () => {
    const staff = publisher(platform.url);
    const pdf = await staff.upload(
      '政策文件汇编.pdf',
      'application/pdf',
      await pdfOf([`${origin}/pdf-gone`, `${origin}/pdf-ok`], `${origin}/annotation-gone`),
    );
    const word = await staff.upload(
      '政策解读.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      await docxOf(`${origin}/docx-gone`, `${origin}/docx-ok`),
    );
    const item = await staff.publish(
      publicationContent({
        title: '关于印发有关政策文件的通知',
        bodyHtml: '<p>现将有关政策文件印发给你们，详见附件。</p>',
        attachments: [pdf, word],
      }),
    );
    const page = `/lushuihe/items/${item.id}.html`;

    // The first check of each fails once: nothing reported yet; every address was asked.
    const first = await inspect();
    expect(external(first).filter((f) => f.page === page)).toEqual([]);
    for (const path of ['/pdf-gone', '/pdf-ok', '/annotation-gone', '/docx-gone', '/docx-ok'])
      expect(hits, path).toContain(path);

    const second = await inspect();
    const found = external(second).filter((f) => f.page === page);
    expect(found.map((f) => f.detail).sort()).toEqual(
      [
        `附件《政策文件汇编.pdf》中的链接 ${origin}/pdf-gone 答复 404（连续 2 次检查）`,
        `附件《政策文件汇编.pdf》中的链接 ${origin}/annotation-gone 答复 404（连续 2 次检查）`,
        `附件《政策解读.docx》中的链接 ${origin}/docx-gone 答复 404（连续 2 次检查）`,
      ].sort(),
    );
    for (const finding of found)
      expect(finding).toMatchObject({ rule: 'externalLinkWrong', agencyId: 'lushuihe', severity: 'deduct' });
    expect(second.findings.map((f: Reported) => f.detail).join('\n')).not.toContain('-ok');
  });

  it('reads the links of an attachment published before they were kept when the privacy sweep reads it again', async () => {
    const staff = publisher(platform.url);
    const pdf = await staff.upload(
      '旧文件.pdf',
      'application/pdf',
      await pdfOf([`${origin}/sweep-gone`], `${origin}/ok`),
    );
    const item = await staff.publish(publicationContent({ title: '关于转发旧文件的通知', attachments: [pdf] }));
    const page = `/lushuihe/items/${item.id}.html`;
    // As before this change: no links kept for the file, and the published version not checked under the current rules.
    const [{ db, tableName }, keys, { getPublication }] = await Promise.all([
      import('#lib/dynamo.ts'),
      import('#store/keys.ts'),
      import('#store/publications.ts'),
    ]);
    const attachmentId = (await getPublication(item.id))!.item.published!.content.attachments[0]!.id;
    await db.send(new DeleteCommand({ TableName: tableName, Key: keys.attachmentLinks(attachmentId) }));
    await db.send(
      new UpdateCommand({ TableName: tableName, Key: keys.publication(item.id), UpdateExpression: 'REMOVE privacy' }),
    );
    await inspect();
    expect(hits).not.toContain('/sweep-gone');

    const response = await fetch(`${platform.url}/api/dev/privacy-sweep`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fromStart: true }),
    });
    expect(response.status).toBe(202);
    const sweep = await jobOutcome(platform.url, countyAdmin, (await response.json()).id);
    expect(sweep).toMatchObject({ state: 'done', result: { checked: 1 } });

    await inspect(true);
    expect(hits).toContain('/sweep-gone');
    const found = external(await inspect()).filter((f) => f.page === page);
    expect(found.map((f) => f.detail)).toEqual([
      `附件《旧文件.pdf》中的链接 ${origin}/sweep-gone 答复 404（连续 2 次检查）`,
    ]);
  });
});
