/**
 * `npm run bench`: 表述检查 (core/expressions.ts) on the outside corpora (development and held-out) —
 * recall and false positives by kind — and its time per 100 KB of text against a plain scan of the same text (one pass over its
 * characters) and against a naive check (one indexOf per wrong form), measured in the same run.
 */
import { expressionChecker } from '../../functions/core/expressions.ts';
import rules from '../../functions/core/expression-rules.json' with { type: 'json' };
import { type ExpressionCorpus, expressionCorpora, measureExpressions } from '../support/expression-measure.ts';
import { outsideExpressionLongText } from '../support/outside-expression-corpus.ts';

const checker = expressionChecker();
const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(1)}%` : '–');
let tooMany = false;
for (const corpus of Object.keys(expressionCorpora) as ExpressionCorpus[]) {
  const { all, byKind, missed } = measureExpressions(checker, corpus);
  console.log(`\n表述检查 on the ${expressionCorpora[corpus].label}\n`);
  console.log('| kind | planted | found | recall | clean | flagged | false positives |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [kind, f] of [...Object.entries(byKind), ['all', all] as const])
    console.log(
      `| ${kind} | ${f.planted} | ${f.found} | ${pct(f.found, f.planted)} | ${f.clean} | ${f.flagged} | ${pct(f.flagged, f.clean)} |`,
    );
  // The held-out corpus is measured, not read: its misses are counted, not listed.
  if (corpus === 'dev') console.log(`\nmissed (first 15): ${[...new Set(missed)].slice(0, 15).join('；')}`);
  if (all.flagged / all.clean > 0.02) tooMany = true;
}

const { text } = outsideExpressionLongText(100_000);
const bytes = Buffer.byteLength(text);
const wrongs = (rules.rules as { wrong: string[] }[]).flatMap((r) => r.wrong);
const time = (run: () => unknown, times = 20) => {
  run();
  const started = performance.now();
  for (let i = 0; i < times; i++) run();
  return (performance.now() - started) / times;
};
const checkMs = time(() => checker.check(text));
const plainMs = time(() => {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x3002) n++;
  return n;
});
const naiveMs = time(() => wrongs.filter((w) => text.includes(w)).length);
const per100 = (ms: number) => ((ms * 100_000) / bytes).toFixed(2);
console.log(
  `\nTime per 100 KB (${bytes} bytes, ${wrongs.length} wrong forms): check ${per100(checkMs)} ms, plain scan ${per100(plainMs)} ms (${(checkMs / plainMs).toFixed(1)}x), one indexOf per form ${per100(naiveMs)} ms (${(checkMs / naiveMs).toFixed(2)}x)`,
);
if (tooMany) {
  console.log('✗ false positives above 2%');
  process.exitCode = 1;
}
