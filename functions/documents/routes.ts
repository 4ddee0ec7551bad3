/**
 * The documents function's entries of the route table: an application's letters as PDF (for staff
 * and for the applicant) and its case file (答辩证据) as a ZIP. They carry pdf-lib and the font
 * engine, so they run here and not in the functions every request passes through.
 */
import * as z from 'zod/mini';
import { letterVersion, receiptNumber, staffReceiptNumber } from '#lib/route-schemas.ts';
import type { RouteSpec } from '#lib/route-spec.ts';
import { roles } from '#core/staff.ts';
import { caseFileInput, sealInput } from './schemas.ts';
import { once } from '#lib/once.ts';

const pdf = once(() => z.string().check(z.meta({ description: 'application/pdf' })));
const staffLetterParams = once(() => z.object({ receiptNumber: staffReceiptNumber(), version: letterVersion() }));

export const documentsRoutes = [
  {
    operationId: 'staffLetterPdf',
    method: 'GET',
    path: '/api/staff/applications/{receiptNumber}/letters/{version}/letter.pdf',
    fn: 'documents',
    auth: 'staff',
    roles,
    tag: '依申请公开办理',
    schemas: once(() => ({
      params: staffLetterParams(),
      response: pdf(),
    })),
    page: true,
  },
  {
    operationId: 'caseFile',
    // POST: each export is recorded (who, when, for what), so taking one is not a safe, repeatable read.
    method: 'POST',
    path: '/api/staff/applications/{receiptNumber}/case-file',
    fn: 'documents',
    auth: 'staff',
    roles: ['handler', 'reviewer'],
    tag: '依申请公开办理',
    schemas: once(() => ({
      params: z.object({ receiptNumber: staffReceiptNumber() }),
      body: caseFileInput(),
      response: z.string().check(z.meta({ description: 'application/zip' })),
    })),
    example: { purpose: '抚松县人民政府行政复议案件答辩' },
    page: true,
  },
  {
    operationId: 'letterPdfPage',
    method: 'GET',
    path: '/apply/status/{receiptNumber}/letters/{version}/letter.pdf',
    fn: 'documents',
    auth: 'public',
    tag: '页面',
    schemas: once(() => ({
      params: z.object({ receiptNumber: receiptNumber(), version: letterVersion() }),
      response: pdf(),
    })),
    page: true,
  },
  {
    operationId: 'saveSeal',
    method: 'PUT',
    path: '/api/staff/agency/seal',
    fn: 'documents',
    auth: 'staff',
    roles: ['admin'],
    tag: '机关设置',
    schemas: once(() => ({
      body: sealInput(),
      response: z.object({ seal: z.boolean() }),
    })),
    example: {
      image: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
    },
  },
] as const satisfies readonly RouteSpec[];

export const documentsSummaries = {
  staffLetterPdf: '文书的 PDF 版（A4 公文格式，字体嵌入），供打印和存档',
  caseFile:
    '申请的答辩证据（供行政复议机关或法院）：ZIP 压缩包，内含证据目录（PDF）和所列证据——收到时的申请及附件、身份核验、每一步的办理人/时间/理由、按记录重新计算的各项期限、每份文书（PDF）及其送达记录、征求意见、收费；manifest.json 列出每个文件的 SHA-256，并校验办理记录的哈希链（记录写入后被改动的，目录中注明）。每次导出均记录导出人和时间（本机关经办人、审核人）',
  letterPdfPage:
    '办理进度页中的一份文书的 PDF 版（A4 公文格式，含发文字号、落款和日期，字体嵌入，打印效果一致）；首次打开即记为网上送达。未带查询凭证（查询后 30 分钟内有效）时转到办理进度页输入查询码',
  saveSeal:
    '上传本机关的电子印章（管理员）：PNG 图片的 base64 编码，不超过 300 KB，盖在文书 PDF 的日期上；仅保存在平台内部，不出现在网站上。image 为空时删除',
} satisfies Record<(typeof documentsRoutes)[number]['operationId'], string>;
