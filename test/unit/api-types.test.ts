import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { routes, type RouteSpec } from '#routes';
import { apiTypes, tsType } from '../../cdk/api-types.ts';
import { jsonSchema } from '../../cdk/openapi.ts';

const typeOf = (schema: z.core.$ZodType, io: 'input' | 'output' = 'output') => tsType(jsonSchema(schema, io));

describe('the console API types generated from the route table', () => {
  it('writes optional fields as optional and nullable ones as a union with null', () => {
    const schema = z.object({ id: z.string(), note: z.optional(z.string()), parentId: z.nullable(z.string()) });

    expect(typeOf(schema)).toBe('{\n  id: string;\n  note?: string;\n  parentId: string | null;\n}');
  });

  it('gives a record over named keys each key, and an open record an index signature', () => {
    expect(typeOf(z.record(z.enum(['a', 'b']), z.number()))).toBe('{ [K in "a" | "b"]: number }');
    expect(typeOf(z.record(z.string(), z.boolean()))).toBe('{\n  [key: string]: boolean;\n}');
  });

  it('keeps a list of alternatives a list of each (not one alternative or a list)', () => {
    const schema = z.array(z.union([z.object({ kind: z.literal('a') }), z.string()]));

    expect(typeOf(schema)).toBe('({\n  kind: "a";\n} | string)[]');
  });

  it('types what a schema cannot say (a transform’s result) as unknown, never any', () => {
    const schema = z.object({
      size: z.pipe(
        z.string(),
        z.transform((s) => s.length),
      ),
    });

    expect(typeOf(schema)).toBe('{\n  size: unknown;\n}');
  });

  it('takes a request body as it is sent (defaults optional) and an answer as it is given', () => {
    const schema = z.object({ limit: z._default(z.number(), 50) });

    expect(typeOf(schema, 'input')).toBe('{\n  limit?: number;\n}');
    expect(typeOf(schema, 'output')).toBe('{\n  limit: number;\n}');
  });

  it('types the stored records staff read (an application, a publication) by their fields, and strips none of the rest', () => {
    const answerOf = (operationId: string) =>
      (routes as readonly RouteSpec[]).find((r) => r.operationId === operationId)!.schemas()
        .response as z.ZodMiniObject;
    const application = answerOf('applicationDetail').shape.application!;
    const item = answerOf('publicationDetail').shape.item!;

    expect(typeOf(application)).toMatch(/\n {2}request: \{\n {4}title: string;/);
    expect(typeOf(item)).toMatch(/\n {2}content: \{\n {4}title: string;/);
    const stored = {
      receiptNumber: 'LSH-2026-00001',
      receiptDate: '2026-03-02',
      version: 3,
      status: 'registered',
      applicant: { kind: 'person', name: '张三', phone: '139****0000', idType: 'resident' },
      request: { title: '2025 年预算', channel: 'online' },
    };
    expect(z.parse(application, stored)).toEqual(stored);
  });

  it('declares every route by its key, a file answer as a Blob, and no any', () => {
    const text = apiTypes();

    expect(text).toContain('"GET /api/staff/applications/{receiptNumber}": {');
    expect(
      text.match(/"POST \/api\/staff\/applications\/\{receiptNumber\}\/case-file": \{[\s\S]*?answer: (\w+);/)?.[1],
    ).toBe('Blob');
    // `any` as a type (a field may be called any: 单项否决's vetoStale.any).
    expect(text).not.toMatch(/[:|<(,]\s*any\b/);
  });
});
