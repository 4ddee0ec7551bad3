import { describe, expect, it } from 'vitest';
import { expressionChecker } from '#core/expressions.ts';
import { type ExpressionCorpus, measureExpressions } from '../support/expression-measure.ts';

/**
 * 表述检查 on material the team did not write: the development corpus, whose misses the dictionary
 * was grown against, and the held-out corpus, written by another author and only measured. The floors
 * sit a little under what `node test/bench/expressions.ts` measures, so that a regression fails.
 */
const floors: Record<ExpressionCorpus, { all: number; byKind: Record<string, number> }> = {
  dev: { all: 0.98, byKind: { 'name-title': 0.95, formulation: 0.95, outdated: 0.95, forbidden: 0.95, typo: 0.95 } },
  heldOut: { all: 0.81, byKind: { 'name-title': 0.8, formulation: 0.85, outdated: 0.8, forbidden: 0.82, typo: 0.72 } },
};

describe.each(['dev', 'heldOut'] as const)('表述检查 on the outside corpus %s', (corpus) => {
  const { all, byKind } = measureExpressions(expressionChecker(), corpus);

  it('flags at most 2% of the clean passages', () => {
    expect(all.flagged / all.clean).toBeLessThanOrEqual(0.02);
  });

  it('finds the planted errors of every kind at least as well as measured', () => {
    expect(all.found / all.planted).toBeGreaterThanOrEqual(floors[corpus].all);
    for (const [kind, floor] of Object.entries(floors[corpus].byKind))
      expect(byKind[kind]!.found / byKind[kind]!.planted, kind).toBeGreaterThanOrEqual(floor);
  });
});
