/**
 * Properties of the edge's two pure steps: `checkBody` (size and UTF-8 before any parser) and
 * `unflatten` (a form post's dotted fields into the JSON shape the schemas read).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpError } from '#lib/errors.ts';
import { checkBody, maxBodyBytes, unflatten } from '#lib/http.ts';

const statusOf = (run: () => unknown) => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (error instanceof HttpError) return error.statusCode;
    throw error;
  }
};
const utf8 = new TextDecoder('utf-8', { fatal: true });
const isUtf8 = (bytes: Uint8Array) => {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
};
const text = fc.string({ unit: 'binary', maxLength: 200 }).filter((s) => !s.includes('\uFFFD'));

describe('checkBody', () => {
  it('passes any UTF-8 text as it is, sent plain or base64-encoded', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(checkBody(s, false)).toBe(s);
        expect(checkBody(Buffer.from(s, 'utf8').toString('base64'), true)).toBe(s);
      }),
    );
  });

  it('refuses with 400 any bytes that are not UTF-8, and any text carrying U+FFFD', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }).filter((b) => !isUtf8(b)),
        (bytes) => {
          expect(statusOf(() => checkBody(Buffer.from(bytes).toString('base64'), true))).toBe(400);
        },
      ),
    );
    fc.assert(
      fc.property(text, text, (before, after) => {
        expect(statusOf(() => checkBody(`${before}\uFFFD${after}`, false))).toBe(400);
      }),
    );
  });

  it('refuses with 413 a body over the limit, counted in bytes however it is sent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4096 }), fc.constantFrom('a', '字'), (over, unit) => {
        const body = unit.repeat(Math.ceil((maxBodyBytes + over) / Buffer.byteLength(unit)));
        expect(statusOf(() => checkBody(body, false))).toBe(413);
        expect(statusOf(() => checkBody(Buffer.from(body).toString('base64'), true))).toBe(413);
      }),
      { numRuns: 20 },
    );
    expect(checkBody('字'.repeat(Math.floor(maxBodyBytes / 3)), false)).toHaveLength(Math.floor(maxBodyBytes / 3));
  });
});

const key = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_-]{0,8}$/);
const leaf = fc.oneof(
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 3 }),
);
const nested: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ node: Record<string, unknown> }>((tie) => ({
  node: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, leaf, tie('node')), { minKeys: 1, maxKeys: 4 }),
})).node;

function flatten(value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).flatMap(([k, v]) =>
      typeof v === 'object' && v !== null && !Array.isArray(v)
        ? Object.entries(flatten(v as Record<string, unknown>, `${prefix}${k}.`))
        : [[`${prefix}${k}`, v]],
    ),
  );
}
const hasEmptyObject = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  (Object.keys(value).length === 0 || Object.values(value).some(hasEmptyObject));

describe('unflatten', () => {
  it('restores any nested form the dotted fields came from', () => {
    fc.assert(
      fc.property(
        nested.filter((n) => !hasEmptyObject(n)),
        (shape) => {
          expect(unflatten(flatten(shape))).toEqual(shape);
        },
      ),
    );
  });

  it('leaves empty fields out', () => {
    fc.assert(
      fc.property(key, key, (a, b) => {
        fc.pre(a !== b);
        expect(unflatten({ [a]: '', [`x.${b}`]: [], [b]: 'v' })).toEqual({ [b]: 'v' });
      }),
    );
  });

  it('never throws, and never reaches a prototype, whatever field names a post carries', () => {
    const segment = fc.oneof(key, fc.constantFrom('__proto__', 'constructor', 'prototype', '', 'toString', 'polluted'));
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype);
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.'));
    fc.assert(
      fc.property(fc.dictionary(path, fc.oneof(fc.string(), fc.array(fc.string()))), (flat) => {
        const result = unflatten(flat);
        // Every field kept is found where its name says, with its value.
        for (const [path, value] of Object.entries(flat)) {
          let node: unknown = result;
          for (const part of path.split('.'))
            node =
              node && typeof node === 'object' && Object.hasOwn(node, part)
                ? (node as Record<string, unknown>)[part]
                : undefined;
          if (node !== undefined && (typeof node !== 'object' || Array.isArray(node))) expect(node).toEqual(value);
        }
        expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeKeys);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
        // No key anywhere is `__proto__` (a value may be: fast-check generates that string on purpose).
        const keys = (node: unknown): string[] =>
          node && typeof node === 'object'
            ? Object.keys(node).flatMap((k) => [k, ...keys((node as Record<string, unknown>)[k])])
            : [];
        expect(keys(result)).not.toContain('__proto__');
      }),
    );
  });
});
