/**
 * 表述检查 measured on outside material written without the checker: recall of the planted errors
 * and the share of clean passages flagged, by kind. Two corpora: the development one
 * (test/support/outside-expression-corpus.ts), whose misses the dictionary was grown against, and the
 * held-out one (test/support/outside-expression-heldout.ts), written by another author from other
 * entries and only measured, never read: its figure is the honest one.
 */
import type { ExpressionChecker } from '#core/expressions.ts';
import { outsideExpressionCorpus } from './outside-expression-corpus.ts';
import { heldOutExpressionCorpus } from './outside-expression-heldout.ts';

export interface KindFigures {
  planted: number;
  found: number;
  clean: number;
  flagged: number;
}

interface MeasuredPassage {
  id: string;
  text: string;
  errors: { kind: string; wrong: string; right: string; start: number; end: number }[];
  clean?: { kind: string };
}

export const expressionCorpora = {
  dev: { label: 'development (outside-expression-corpus.ts)', passages: outsideExpressionCorpus },
  heldOut: { label: 'held-out (outside-expression-heldout.ts)', passages: heldOutExpressionCorpus },
} satisfies Record<string, { label: string; passages: () => MeasuredPassage[] }>;

export type ExpressionCorpus = keyof typeof expressionCorpora;

export function measureExpressions(checker: ExpressionChecker, corpus: ExpressionCorpus = 'dev') {
  const byKind: Record<string, KindFigures> = {};
  const all: KindFigures = { planted: 0, found: 0, clean: 0, flagged: 0 };
  const missed: string[] = [];
  const falsely: string[] = [];
  for (const passage of expressionCorpora[corpus].passages() as MeasuredPassage[]) {
    const hits = checker.check(passage.text);
    for (const error of passage.errors) {
      const figures = (byKind[error.kind] ??= { planted: 0, found: 0, clean: 0, flagged: 0 });
      const found = hits.some((h) => h.start < error.end && h.end > error.start);
      for (const f of [figures, all]) {
        f.planted++;
        if (found) f.found++;
      }
      if (!found) missed.push(`${error.wrong}→${error.right}`);
    }
    // In a passage with planted errors, a hit on none of them is a false finding too.
    const stray = hits.filter((h) => !passage.errors.some((e) => h.start < e.end && h.end > e.start));
    if (passage.clean) {
      const figures = (byKind[passage.clean.kind] ??= { planted: 0, found: 0, clean: 0, flagged: 0 });
      for (const f of [figures, all]) {
        f.clean++;
        if (stray.length) f.flagged++;
      }
    }
    falsely.push(...stray.map((h) => `${passage.id}: ${h.wrong}→${h.right}`));
  }
  return { all, byKind, missed, falsely };
}
