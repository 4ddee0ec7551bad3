import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PatternMatcher } from '#core/aho-corasick.ts';

/** Every occurrence by indexOf, the answer the automaton must give. */
function naive(patterns: string[], text: string) {
  const hits: string[] = [];
  patterns.forEach((p, pattern) => {
    if (!p) return;
    for (let at = text.indexOf(p); at !== -1; at = text.indexOf(p, at + 1))
      hits.push(`${pattern}:${at}:${at + p.length}`);
  });
  return hits.sort();
}

describe('PatternMatcher', () => {
  it('finds overlapping and nested patterns where they sit', () => {
    const patterns = ['截止', '截止目前', '目前', '止目'];
    const hits = new PatternMatcher(patterns).search('截止目前，截止');
    expect(hits.map((h) => `${patterns[h.pattern]}@${h.start}`).sort()).toEqual(
      ['截止@0', '截止@5', '截止目前@0', '止目@1', '目前@2'].sort(),
    );
  });

  it('finds exactly what indexOf finds, for any patterns over a small alphabet', () => {
    const word = fc.string({ unit: fc.constantFrom('甲', '乙', '丙', '丁'), maxLength: 5 });
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 12 }),
        fc.string({ unit: fc.constantFrom('甲', '乙', '丙', '丁'), maxLength: 60 }),
        (patterns, text) => {
          const found = new PatternMatcher(patterns).search(text).map((h) => `${h.pattern}:${h.start}:${h.end}`);
          expect(found.sort()).toEqual(naive(patterns, text));
        },
      ),
    );
  });
});
