/**
 * The redaction function's entries of the route table (部分公开, issue 43): a file from an answer or
 * a publication's attachment, marked, produced by a job (PDFium removes what is under each mark, a
 * second reading verifies it) and applied where the file goes out. The engine runs in this function
 * only, never in the API functions every request passes through.
 */
import * as z from 'zod/mini';
import type { RouteSpec } from '#lib/route-spec.ts';
import { createInput, marksInput, pageParams, pageQuery, redactionId, redactionView, versionInput } from './schemas.ts';
import { once } from '#lib/once.ts';

/** Those who answer applications and who write or review publications: an agency's handlers and reviewers. */
const roles = ['handler', 'reviewer'] as const;
const params = once(() => z.object({ id: redactionId() }));
const tag = '部分公开遮盖处理';

export const redactionRoutes = [
  {
    operationId: 'createRedaction',
    method: 'POST',
    path: '/api/staff/redactions',
    fn: 'redaction',
    auth: 'staff',
    roles,
    tag,
    schemas: once(() => ({
      body: createInput(),
      response: redactionView(),
    })),
    example: {
      source: { kind: 'answer', receiptNumber: 'LSH-2026-00001', upload: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f' },
    },
    status: 201,
  },
  {
    operationId: 'getRedaction',
    method: 'GET',
    path: '/api/staff/redactions/{id}',
    fn: 'redaction',
    auth: 'staff',
    roles,
    tag,
    schemas: once(() => ({
      params: params(),
      response: redactionView(),
    })),
  },
  {
    operationId: 'saveRedactionMarks',
    method: 'PUT',
    path: '/api/staff/redactions/{id}/marks',
    fn: 'redaction',
    auth: 'staff',
    roles,
    tag,
    schemas: once(() => ({
      params: params(),
      body: marksInput(),
      response: redactionView(),
    })),
    example: {
      version: 1,
      marks: [
        { kind: 'findings', ground: '15', reason: '第三人的身份证号码、手机号码' },
        { kind: 'text', text: '张三', ground: '15', reason: '第三人的姓名' },
      ],
    },
  },
  {
    operationId: 'redactionPage',
    // A path variable is a whole segment in the HTTP API (as the letters' `{version}/letter.pdf`).
    method: 'GET',
    path: '/api/staff/redactions/{id}/pages/{page}/page.png',
    fn: 'redaction',
    auth: 'staff',
    roles,
    tag,
    schemas: once(() => ({
      params: pageParams(),
      query: pageQuery(),
      response: z.string().check(z.meta({ description: 'image/png' })),
    })),
    page: true,
  },
  {
    operationId: 'produceRedaction',
    method: 'POST',
    path: '/api/staff/redactions/{id}/produce',
    fn: 'redaction',
    auth: 'staff',
    roles,
    tag,
    schemas: once(() => ({
      params: params(),
      body: versionInput(),
      response: redactionView(),
    })),
    example: { version: 2 },
    status: 202,
  },
  {
    operationId: 'redactionResult',
    method: 'GET',
    path: '/api/staff/redactions/{id}/result',
    fn: 'redaction',
    auth: 'staff',
    roles,
    tag,
    schemas: once(() => ({
      params: params(),
      response: z.object({ url: z.string(), expiresAt: z.string() }),
    })),
  },
  {
    operationId: 'applyRedaction',
    method: 'POST',
    path: '/api/staff/redactions/{id}/apply',
    fn: 'redaction',
    auth: 'staff',
    roles,
    tag,
    schemas: once(() => ({
      params: params(),
      body: versionInput(),
      response: redactionView(),
    })),
    example: { version: 4 },
  },
] as const satisfies readonly RouteSpec[];

export const redactionSummaries = {
  createRedaction:
    '对一份文件作部分公开遮盖处理：答复中待提供的文件（本人上传、尚未提供的上传编号）或主动公开信息的附件。原件复制到平台内部保存（不公开），答复遮盖处理的状态、页数和每页尺寸（PDF 为点，图片为像素）',
  getRedaction:
    '一项遮盖处理：标记（每项的位置数和页码）、状态（marking 标记中、producing 生成中、ready 已生成并通过核验、failed 核验未通过、applied 已使用）、核验记录（每项检查、所用引擎、结果），按依据汇总的不予公开部分（处数和理由，不含被遮盖的文字）和处理记录',
  saveRedactionMarks:
    '保存标记（按版本号，他人已修改时答复 409）：按文字、匹配规则、个人信息检查发现或页面区域（左上角为原点，单位同页面尺寸）标记，每项写明依据（条例第十四、十五、十六条）和理由；平台找出每项在文件中的位置，未找到的在 warnings 中列出。已生成的结果作废，须重新生成',
  redactionPage:
    '一页的 PNG 图像：view=source（默认）为原件并以红框标出各项标记，view=result 为已生成的遮盖结果。Word、Excel 文件无页面图像（422）',
  produceRedaction:
    '生成遮盖结果（后台任务，答复 202）：删除每项标记下的文字、图像和图形，并删除批注、表单值、书签、元数据、附件文件、脚本和历次修订；再由另一引擎重新读取核验（被遮盖的文字不得残留，个人信息检查不得再发现被标记的号码，标记外的文字不变）。核验未通过的，不生成任何文件，并列出未通过的检查和标记',
  redactionResult: '已生成并通过核验的文件的下载链接（五分钟内有效，仅本机关工作人员）',
  applyRedaction:
    '使用遮盖结果：答复的文件生成为本人的待提供上传（result.upload），以“原名（部分公开）”命名，答复时提供该文件代替原件（照常经个人信息检查），答复书按依据列明不予公开的部分；附件则在原处替换为遮盖后的文件（原件留存平台内部，不公开），并重新进行个人信息检查',
} satisfies Record<(typeof redactionRoutes)[number]['operationId'], string>;
