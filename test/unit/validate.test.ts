import fc from 'fast-check';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { parseWith } from '#lib/validate.ts';

const schema = z.object({
  applicant: z.object({
    name: z.string().check(z.minLength(1, '请填写'), z.meta({ title: '姓名' })),
    phone: z.optional(z.string().check(z.regex(/^\d{11}$/, '应为 11 位手机号码'), z.meta({ title: '联系电话' }))),
  }),
});

describe('parseWith', () => {
  it('names the field by its Chinese label and its path', () => {
    const result = parseWith(schema, { applicant: { name: '' } }, 'body');

    expect(result).toEqual({ ok: false, errors: [{ field: 'body.applicant.name', message: '姓名：请填写' }] });
  });

  it('finds labels through optional wrappers', () => {
    const result = parseWith(schema, { applicant: { name: '王', phone: '12' } });

    expect(result.ok || result.errors[0]!.message).toBe('联系电话：应为 11 位手机号码');
  });

  it('uses Chinese for the type errors zod raises itself', () => {
    const result = parseWith(schema, { applicant: { name: 5 } });

    expect(result.ok || result.errors[0]!.message).toMatch(/^姓名：.*[\u4e00-\u9fff]/);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = parseWith(schema, input, 'body');
        return result.ok || result.errors.every((e) => e.field.startsWith('body') && e.message.length > 0);
      }),
      { numRuns: 500 },
    );
  });
});
