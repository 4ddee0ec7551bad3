/**
 * 表述检查: 严重表述错误 and 错敏词 in what is about to go public — leaders' names and titles and the
 * names of state bodies written wrongly, official formulations written wrongly, expressions the
 * style guides forbid, bodies renamed since, and common 错别字 of official writing. Under the
 * national checklist one 严重表述错误 fails a site for the quarter (单项否决), so the serious kinds
 * hold approval; the others are warnings.
 *
 * The dictionary is data (`expression-rules.json`, versioned, each rule with its source), plus a
 * county's own additions and exceptions. Matching is one pass of an Aho–Corasick automaton over the
 * text with whitespace, zero-width characters and quotation marks left out (a title broken over a
 * line, 「“五位一体”战略布局」), so its cost follows the text's length, not the dictionary's.
 * Pure: the callers read the texts (fields, pages, attachments) into segments.
 */
import AhoCorasick from 'modern-ahocorasick';
import defaults from './expression-rules.json' with { type: 'json' };

export const expressionKinds = defaults.kinds as Record<ExpressionKind, string>;
export type ExpressionKind = 'title' | 'formulation' | 'political' | 'outdated' | 'typo';
export type Severity = 'serious' | 'warning';

/** Bumped with the shipped dictionary: an item checked by older rules is checked again. */
export const expressionRulesVersion = defaults.version;
export const expressionSources: Record<string, string> = defaults.sources;

export interface ExpressionRule {
  kind: ExpressionKind;
  /** The wrong forms, as they are written (spaces and quotation marks are ignored when matching). */
  wrong: string[];
  right: string;
  /** A key of `expressionSources`, or the county's own note for its additions. */
  source: string;
  severity?: Severity;
  note?: string;
  /** Not a finding when the text right after the wrong form matches (a longer, correct word). */
  unlessAfter?: string;
  /** Not a finding when the text right before it matches (end-anchored). */
  unlessBefore?: string;
  /** A finding only when the text right after matches (截止 followed by a date). */
  onlyAfter?: string;
}

const defaultSeverity: Record<ExpressionKind, Severity> = {
  title: 'serious',
  formulation: 'serious',
  political: 'serious',
  outdated: 'warning',
  typo: 'warning',
};

/**
 * A renamed body named in a sentence about its history is not an error: 「原国家工商行政管理总局」,
 * 「2018年机构改革前的国土资源部」, 「国土资源部撤销后」.
 */
const historicalBefore =
  /(原|前身|改革前|改革以前|撤销|不再保留|划入|整合|组建|此前的?|\d{4}年[^。；]{0,8}前)[^。；，]{0,12}$/u;
const historicalAfter = /^[^。；]{0,16}(更名|撤销|合并|划入|整合|不再保留|改革前|职责划)/u;

/** The year of the reform that renamed the bodies of a rule's source (a year before it dates the sentence). */
const reformYears: Record<string, number> = { reform2018: 2018, reform2023: 2023 };

/** A sentence about the body's history: 原…, …更名, or dated before the reform that renamed it. */
function historical(rule: ExpressionRule, before: string, after: string): boolean {
  if (historicalBefore.test(before) || historicalAfter.test(after)) return true;
  const reform = reformYears[rule.source];
  const clause = before.split(/[。；！？]/u).at(-1) ?? '';
  const years = [...clause.matchAll(/(\d{4})年/gu)].map((m) => Number(m[1]));
  return reform !== undefined && years.length > 0 && years.at(-1)! < reform;
}

export interface ExpressionFinding {
  kind: ExpressionKind;
  severity: Severity;
  wrong: string;
  right: string;
  note?: string;
  source: string;
  /** Where in the segment's text (UTF-16 offsets into the original text). */
  start: number;
  end: number;
  /** The sentence around it, for the editor and the reviewer. */
  excerpt: string;
}

/** Characters a wrong form may be split by, or quoted with, that do not change what it says. */
const ignorable = new Set(
  [...' \t\n\r\f\v\u00A0\u3000\u00AD\u200B\u200C\u200D\u2060\uFEFF“”‘’"\'「」『』〝〞'].map((c) => c.charCodeAt(0)),
);

/** The text with ignorable characters left out, and where each kept character sat in the original. */
function squeeze(text: string): { text: string; at: number[] } {
  const kept: string[] = [];
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (ignorable.has(text.charCodeAt(i))) continue;
    kept.push(text[i]!);
    at.push(i);
  }
  return { text: kept.join(''), at };
}

/** A form written one way only: a text one character off it (a wrong, missing or extra character) is a finding. */
export interface CanonicalForm {
  form: string;
  kind: ExpressionKind;
  source: string;
  /** Forms one character off that are right in their own use (全面依法治县). */
  allow?: string[];
}

/** Forms shorter than this are matched only by their listed wrong forms: one character off, they are other words. */
const fuzzyFrom = 6;

interface Entry {
  rule: ExpressionRule;
  wrong: string;
  after?: RegExp;
  before?: RegExp;
  onlyAfter?: RegExp;
}

export interface ExpressionChecker {
  version: string;
  check(text: string): ExpressionFinding[];
}

/**
 * The checker for the shipped rules with a county's additions, less its exceptions (wrong forms it
 * has judged correct in its own usage, e.g. a place name). Build once per rules version and reuse.
 */
export function expressionChecker(
  county: { additions?: ExpressionRule[]; exceptions?: string[]; version?: number } = {},
): ExpressionChecker {
  const exceptions = new Set((county.exceptions ?? []).map((w) => squeeze(w).text));
  const entries: Entry[] = [];
  for (const rule of [...(defaults.rules as ExpressionRule[]), ...(county.additions ?? [])])
    for (const form of rule.wrong) {
      const wrong = squeeze(form).text;
      if (!wrong || exceptions.has(wrong)) continue;
      entries.push({
        rule,
        wrong,
        ...(rule.unlessAfter && { after: new RegExp(rule.unlessAfter, 'u') }),
        ...(rule.unlessBefore && { before: new RegExp(rule.unlessBefore, 'u') }),
        ...(rule.onlyAfter && { onlyAfter: new RegExp(rule.onlyAfter, 'u') }),
      });
    }
  // Each canonical form's two halves: a form one character off keeps at least one of them whole.
  const canonical = (defaults.canonical as CanonicalForm[]).filter((c) => c.form.length >= fuzzyFrom);
  const halves = canonical.flatMap((c, i) => {
    const cut = Math.ceil(c.form.length / 2);
    return [
      { canonical: i, head: true, text: c.form.slice(0, cut) },
      { canonical: i, head: false, text: c.form.slice(cut) },
    ];
  });
  const allowed = new Set(canonical.flatMap((c) => [c.form, ...(c.allow ?? [])]));
  const matcher = new AhoCorasick([...entries.map((e) => e.wrong), ...halves.map((h) => h.text)]);
  return {
    version: `${expressionRulesVersion}.${county.version ?? 0}`,
    check(original: string) {
      const { text, at } = squeeze(original);
      const found: ExpressionFinding[] = [];
      const near = new Map<string, ExpressionFinding>();
      for (const hit of matcher.search(text)) {
        if (hit.patternIndex >= entries.length) {
          const half = halves[hit.patternIndex - entries.length]!;
          const form = canonical[half.canonical]!;
          for (const [from, to] of nearWindows(form.form, text, hit.start, hit.end, half.head)) {
            const window = text.slice(from, to);
            if (allowed.has(window) || exceptions.has(window) || near.has(`${from}:${to}`)) continue;
            const start = at[from]!;
            const end = at[to - 1]! + 1;
            near.set(`${from}:${to}`, {
              kind: form.kind,
              severity: defaultSeverity[form.kind],
              wrong: original.slice(start, end),
              right: form.form,
              source: expressionSources[form.source] ?? form.source,
              start,
              end,
              excerpt: sentenceAround(original, start, end),
            });
          }
          continue;
        }
        const entry = entries[hit.patternIndex]!;
        const before = text.slice(Math.max(0, hit.start - 30), hit.start);
        const after = text.slice(hit.end, hit.end + 30);
        if (entry.after?.test(after) || entry.before?.test(before)) continue;
        if (entry.onlyAfter && !entry.onlyAfter.test(after)) continue;
        if (entry.rule.kind === 'outdated' && historical(entry.rule, before, after)) continue;
        const start = at[hit.start]!;
        const end = at[hit.end - 1]! + 1;
        found.push({
          kind: entry.rule.kind,
          severity: entry.rule.severity ?? defaultSeverity[entry.rule.kind],
          wrong: original.slice(start, end),
          right: entry.rule.right,
          ...(entry.rule.note && { note: entry.rule.note }),
          source: expressionSources[entry.rule.source] ?? entry.rule.source,
          start,
          end,
          excerpt: sentenceAround(original, start, end),
        });
      }
      // A listed wrong form speaks for itself; a near miss only where none was found.
      return longestOnly([
        ...found,
        ...[...near.values()].filter((n) => !found.some((f) => f.start < n.end && f.end > n.start)),
      ]);
    },
  };
}

/**
 * The windows of the text around a half's hit that are one character off the whole form: one
 * substituted, missing or extra character in the other half.
 */
function nearWindows(form: string, text: string, start: number, end: number, head: boolean): [number, number][] {
  const windows: [number, number][] = [];
  for (const length of [form.length, form.length - 1, form.length + 1]) {
    const from = head ? start : end - length;
    const to = from + length;
    if (from < 0 || to > text.length) continue;
    // The form itself written rightly over the window (a hit one character wider or narrower) is no miss.
    const around = text.slice(Math.max(0, from - form.length + 1), to + form.length - 1);
    if (!around.includes(form) && oneOff(form, text.slice(from, to))) windows.push([from, to]);
  }
  return windows;
}

/** Whether `seen` is `form` with exactly one character changed, left out or put in. */
function oneOff(form: string, seen: string): boolean {
  if (seen === form) return false;
  if (seen.length === form.length) {
    let differ = 0;
    for (let i = 0; i < form.length && differ < 2; i++) if (form[i] !== seen[i]) differ++;
    return differ === 1;
  }
  const [short, long] = seen.length < form.length ? [seen, form] : [form, seen];
  if (long.length - short.length !== 1) return false;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

/** Where wrong forms overlap (截止 and 截止目前), the longer one speaks: one sweep over the hits by start. */
function longestOnly(found: ExpressionFinding[]): ExpressionFinding[] {
  const byStart = [...found].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: ExpressionFinding[] = [];
  let reach = -1;
  for (const finding of byStart) {
    if (finding.end <= reach) continue; // inside a longer one already kept
    kept.push(finding);
    reach = Math.max(reach, finding.end);
  }
  return kept;
}

/** The sentence a finding sits in, at most some 40 characters either side. */
function sentenceAround(text: string, start: number, end: number): string {
  const stops = /[。！？；\n]/u;
  let from = start;
  while (from > 0 && start - from < 40 && !stops.test(text[from - 1]!)) from--;
  let to = end;
  while (to < text.length && to - end < 40 && !stops.test(text[to]!)) to++;
  return `${from > 0 && !stops.test(text[from - 1]!) ? '…' : ''}${text.slice(from, to).trim()}${to < text.length && !stops.test(text[to]!) ? '…' : ''}`;
}
