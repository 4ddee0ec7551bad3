/** What staff send to the redaction function, and what it answers: validated at the edge, every message in Chinese naming its field. */
import * as z from 'zod/mini';
import { redactionGrounds, type RedactionGround } from '#core/redaction.ts';
import { staffReceiptNumber } from '#lib/route-schemas.ts';
import { once } from '#lib/once.ts';

/** A redaction's id (random hex). */
export const redactionId = once(() =>
  z.string().check(z.regex(/^[0-9a-f]{16}$/, '遮盖处理编号无效'), z.meta({ title: '遮盖处理编号' })),
);

const version = once(() =>
  z.number({ error: '应为数字' }).check(z.int(), z.minimum(1, '版本号无效'), z.meta({ title: '版本号' })),
);

export const createInput = once(() =>
  z.object({
    source: z.discriminatedUnion(
      'kind',
      [
        z.object({
          kind: z.literal('answer'),
          receiptNumber: staffReceiptNumber(),
          upload: z.uuid('上传编号无效').check(z.meta({ title: '待提供的文件（上传编号）' })),
        }),
        z.object({
          kind: z.literal('attachment'),
          publicationId: z
            .string()
            .check(z.minLength(1, '请填写'), z.maxLength(64, '信息编号无效'), z.meta({ title: '信息编号' })),
          attachment: z.uuid('附件编号无效').check(z.meta({ title: '附件编号' })),
        }),
      ],
      { error: '来源应为答复的文件（answer）或主动公开信息的附件（attachment）' },
    ),
  }),
);
export type CreateInput = z.output<ReturnType<typeof createInput>>;

const ground = once(() =>
  z
    .enum(Object.keys(redactionGrounds) as [RedactionGround, ...RedactionGround[]], {
      error: '不予公开的依据应为条例第十四条（14）、第十五条（15）或第十六条（16）',
    })
    .check(z.meta({ title: '不予公开的依据' })),
);
const reason = once(() =>
  z.string().check(
    z.minLength(1, '请写明理由'),
    z.maxLength(200, '不能超过 200 个字符'),
    z.refine((s) => s.trim().length > 0, '请写明理由'),
    z.meta({ title: '理由' }),
  ),
);
const coordinate = (title: string) =>
  z.number({ error: '应为数字' }).check(z.minimum(0, '不能小于 0'), z.maximum(100_000, '超出页面'), z.meta({ title }));
const extent = (title: string) =>
  z.number({ error: '应为数字' }).check(z.gt(0, '应大于 0'), z.maximum(100_000, '超出页面'), z.meta({ title }));

const compiles = (pattern: string) => {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
};

/** One mark: what it covers (words, a pattern, the privacy guard's findings, an area of a page), its ground and reason. */
export const markInput = once(() =>
  z.discriminatedUnion(
    'kind',
    [
      z.object({
        kind: z.literal('text'),
        text: z
          .string()
          .check(
            z.minLength(1, '请填写要遮盖的文字'),
            z.maxLength(200, '不能超过 200 个字符'),
            z.meta({ title: '文字' }),
          ),
        ground: ground(),
        reason: reason(),
      }),
      z.object({
        kind: z.literal('pattern'),
        pattern: z
          .string()
          .check(
            z.minLength(1, '请填写'),
            z.maxLength(200, '不能超过 200 个字符'),
            z.refine(compiles, '不是有效的正则表达式'),
            z.meta({ title: '匹配规则（正则表达式）' }),
          ),
        ground: ground(),
        reason: reason(),
      }),
      z.object({ kind: z.literal('findings'), ground: ground(), reason: reason() }),
      z.object({
        kind: z.literal('area'),
        page: z.number({ error: '应为数字' }).check(z.int(), z.minimum(1, '页码从 1 开始'), z.meta({ title: '页码' })),
        x: coordinate('左边距'),
        y: coordinate('上边距'),
        width: extent('宽度'),
        height: extent('高度'),
        ground: ground(),
        reason: reason(),
      }),
    ],
    { error: '标记方式应为文字（text）、匹配规则（pattern）、个人信息检查发现（findings）或区域（area）' },
  ),
);

export const marksInput = once(() =>
  z.object({
    version: version(),
    marks: z.array(markInput()).check(z.maxLength(200, '最多 200 项标记'), z.meta({ title: '标记' })),
  }),
);
export type MarksInput = z.output<ReturnType<typeof marksInput>>;

export const versionInput = once(() => z.object({ version: version() }));

export const pageParams = once(() =>
  z.object({
    id: redactionId(),
    page: z.coerce.number().check(z.int(), z.minimum(1, '页码从 1 开始'), z.meta({ title: '页码' })),
  }),
);
export const pageQuery = once(() =>
  z.object({
    view: z.optional(
      z.enum(['source', 'result'], '应为 source（原件及标记）或 result（遮盖后）').check(z.meta({ title: '显示' })),
    ),
  }),
);

const source = once(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('answer'), receiptNumber: z.string(), upload: z.string() }),
    z.object({ kind: z.literal('attachment'), publicationId: z.string(), attachment: z.string() }),
  ]),
);

const markInputView = once(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('text'), text: z.string(), ground: z.string(), reason: z.string() }),
    z.object({ kind: z.literal('pattern'), pattern: z.string(), ground: z.string(), reason: z.string() }),
    z.object({ kind: z.literal('findings'), ground: z.string(), reason: z.string() }),
    z.object({
      kind: z.literal('area'),
      page: z.number(),
      x: z.number(),
      y: z.number(),
      width: z.number(),
      height: z.number(),
      ground: z.string(),
      reason: z.string(),
    }),
  ]),
);

/** A redaction as staff see it: never the strings a mark withholds beyond what staff typed themselves. */
export const redactionView = once(() =>
  z.object({
    id: z.string(),
    version: z.number(),
    state: z.enum(['marking', 'producing', 'ready', 'failed', 'applied']),
    source: source(),
    fileName: z.string(),
    format: z.string(),
    pages: z.array(z.object({ width: z.number(), height: z.number() })),
    marks: z.array(
      z.object({
        id: z.string(),
        input: markInputView(),
        places: z.number(),
        pages: z.array(z.number()),
        /** Each place's rectangles, for the console to draw (PDF, images). */
        rects: z.array(
          z.object({ page: z.number(), x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
        ),
      }),
    ),
    warnings: z.array(z.string()),
    verification: z.optional(
      z.object({
        passed: z.boolean(),
        at: z.string(),
        engines: z.record(z.string(), z.string()),
        checks: z.array(
          z.object({
            name: z.string(),
            passed: z.boolean(),
            detail: z.string(),
            markIds: z.optional(z.array(z.string())),
          }),
        ),
      }),
    ),
    /** What the failed checks name: each failed check's detail and the marks it names. */
    failed: z.optional(z.array(z.object({ check: z.string(), detail: z.string(), marks: z.array(z.string()) }))),
    result: z.optional(z.object({ upload: z.optional(z.string()), fileName: z.string() })),
    /** By ground: how many places, the reasons (never the words); what the 答复书 will say. */
    withheld: z.array(
      z.object({
        ground: z.string(),
        article: z.string(),
        label: z.string(),
        places: z.number(),
        reasons: z.array(z.string()),
      }),
    ),
    events: z.array(z.object({ type: z.string(), by: z.string(), at: z.string(), text: z.string() })),
  }),
);
export type RedactionView = z.input<ReturnType<typeof redactionView>>;
