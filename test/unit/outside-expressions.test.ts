import { describe, expect, it } from 'vitest';
import { expressionChecker } from '#core/expressions.ts';
import { measureExpressions } from '../support/expression-measure.ts';

describe('表述检查 on material the team did not write', () => {
  const { all, byKind, falsely } = measureExpressions(expressionChecker());

  it('flags at most 2% of the clean passages, and nothing beside the planted errors', () => {
    expect(all.flagged / all.clean).toBeLessThanOrEqual(0.02);
    expect(falsely.length).toBeLessThanOrEqual(Math.floor(all.clean * 0.02));
  });

  it('finds the planted errors of every kind (recall measured, not yet the 99% the goal asks)', () => {
    // The shipped dictionary and the near-miss rule find about half: the figure the bench prints. Each kind
    // is found in part; the floor keeps what works from slipping while the dictionary grows.
    for (const [kind, f] of Object.entries(byKind)) expect(f.found, kind).toBeGreaterThan(0);
    expect(all.found / all.planted).toBeGreaterThanOrEqual(0.5);
  });
});
