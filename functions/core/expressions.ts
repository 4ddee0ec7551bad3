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
 * line, 「“五位一体”战略布局」), so its cost follows the text's length, not the dictionary's. Three
 * mechanisms reach past the listed wrong forms: a canonical form written one character off (or with
 * two of its words swapped, or, when long, two characters left out); a fixed series (四个意识,
 * 五位一体) listed with one member miswritten; and numbered names written from a template (二十大三中全会).
 * Pure but for reading the dictionary: the callers read the texts (fields, pages, attachments) into segments.
 *
 * The dictionary (74 KB) is not bundled: a deployed function carries it beside its bundle
 * (`expressions/`, cdk/functions.ts) and reads it on the first check, since most requests check no
 * text and evaluating it at import was a fifth of several functions' cold start.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PatternMatcher } from './aho-corasick.ts';

export type ExpressionKind = 'title' | 'formulation' | 'political' | 'outdated' | 'typo';
export type Severity = 'serious' | 'warning';

/**
 * Bumped with the shipped dictionary (its `version`): an item checked by older rules is checked
 * again. Known without reading the file, which must agree (checked on reading, and by a unit test).
 */
export const expressionRulesVersion = 16;

/** The dictionary's file name; a deployed function has it in `expressions/` beside its bundle. */
export const expressionRulesFile = 'expression-rules.json';

interface ShippedDictionary {
  version: number;
  kinds: Record<ExpressionKind, string>;
  sources: Record<string, string>;
  rules: ExpressionRule[];
  canonical: CanonicalForm[];
  series: ExpressionSeries[];
  confusable: Record<string, string>;
  names: { name: string; near?: string; kind?: ExpressionKind; source?: string }[];
}

/** Beside the bundle in a deployed function (copied there at bundling), else beside this source file. */
function dictionaryPath(): string {
  const beside = fileURLToPath(new URL(`./expressions/${expressionRulesFile}`, import.meta.url));
  return existsSync(beside) ? beside : fileURLToPath(new URL(`./${expressionRulesFile}`, import.meta.url));
}

/** The shipped dictionary, read once per instance; a file of another version is refused (code and data disagree). */
export function readExpressionRules(path = dictionaryPath()): ShippedDictionary {
  const data = JSON.parse(readFileSync(path, 'utf8')) as ShippedDictionary;
  if (data.version !== expressionRulesVersion)
    throw new Error(
      `${path} is version ${data.version}; the code expects ${expressionRulesVersion} (expressionRulesVersion)`,
    );
  return data;
}

let shippedDictionary: ShippedDictionary | undefined;

/** The kinds' names and the sources' citations (a finding's label, the county's view of its dictionary). */
export function shippedExpressionLabels(): { kinds: Record<ExpressionKind, string>; sources: Record<string, string> } {
  const { kinds, sources } = (shippedDictionary ??= readExpressionRules());
  return { kinds, sources };
}

export interface ExpressionRule {
  kind: ExpressionKind;
  /**
   * The wrong forms, as they are written (spaces and quotation marks are ignored when matching). `{N}`
   * stands for a number 一 to 三十 and `{M}` for 一 to 九 (or in figures), the same in `right`
   * (第{N}次全国人民代表大会);
   * `{省}` for a province's short name (河南小偷).
   */
  wrong: string[];
  right: string;
  /** A key of the dictionary's `sources`, or the county's own note for its additions. */
  source: string;
  severity?: Severity;
  note?: string;
  /** Not a finding when the text right after the wrong form matches (a longer, correct word). */
  unlessAfter?: string;
  /** Not a finding when the text right before it matches (end-anchored). */
  unlessBefore?: string;
  /** A finding only when the text right after matches (截止 followed by a date). */
  onlyAfter?: string;
  /** A finding only when the text right before matches (成员国 right after 世界贸易组织). */
  onlyBefore?: string;
  /** A finding only when its sentence (some 30 characters either side) matches (起用 of a seal). */
  onlyNear?: string;
  /** Not a finding when its sentence matches (隆重召开 of the 全国代表大会). */
  unlessNear?: string;
  /** Right only inside quotation marks (“台独”): a finding when written bare. */
  quoted?: boolean;
  /** The year the form went out of use: a sentence dated before it is about history (outdated forms). */
  since?: number;
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
 * 「2018年机构改革前的国土资源部」, 「国土资源部撤销后」, 「…总局于2012年发布」, 「中国银保监会（现国家金融监督管理总局）」.
 */
const historicalBefore =
  /(原|前身|改革前|改革以前|撤销|不再保留|划入|整合|组建|此前的?|\d{4}年[^。；]{0,8}前)[^。；，]{0,12}$/u;
const historicalAfter =
  /^(（现|\(现|[^。；]{0,16}(更名|撤销|合并|并入|划入|整合|不再保留|改革前|职责划|现为|现名|现称))/u;

/** The year of the reform that renamed the bodies of a rule's source (a year before it dates the sentence). */
const reformYears: Record<string, number> = {
  reform2003: 2003,
  reform2008: 2008,
  reform2013: 2013,
  reform2018: 2018,
  mine2020: 2020,
  rural2021: 2021,
  reform2023: 2023,
};

/** A sentence about the body's history: 原…, …更名, or dated (before or after the name) before the reform. */
function historical(rule: ExpressionRule, before: string, after: string): boolean {
  if (historicalBefore.test(before) || historicalAfter.test(after)) return true;
  const reform = rule.since ?? reformYears[rule.source];
  if (reform === undefined) return false;
  const yearsIn = (clause: string) => [...clause.matchAll(/(\d{4})年/gu)].map((m) => Number(m[1]));
  const last = yearsIn(clauseBefore(before)).at(-1);
  const first = yearsIn(clauseAfter(after))[0];
  return (last !== undefined && last < reform) || (first !== undefined && first < reform);
}

const clauseStop = /[。；！？]/u;
const clauseBefore = (before: string) => before.split(clauseStop).at(-1) ?? '';
const clauseAfter = (after: string) => after.split(clauseStop)[0] ?? '';

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
const quotes = '“”‘’"\'「」『』〝〞';
const ignorable = new Set(
  [...` \t\n\r\f\v\u00A0\u3000\u00AD\u200B\u200C\u200D\u2060\uFEFF${quotes}`].map((c) => c.charCodeAt(0)),
);
const opening = new Set([...'“‘"\'「『〝']);
const closing = new Set([...'”’"\'」』〞']);

/** The text with ignorable characters left out, and where each kept character sat in the original. */
function squeeze(text: string): { text: string; at: Int32Array } {
  const at = new Int32Array(text.length);
  let kept = '';
  let run = 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    if (ignorable.has(text.charCodeAt(i))) {
      kept += text.slice(run, i);
      run = i + 1;
    } else at[n++] = i;
  }
  return { text: kept + text.slice(run), at: at.subarray(0, n) };
}

/** A form written one way only: a text one character off it (a wrong, missing or extra character) is a finding. */
export interface CanonicalForm {
  form: string;
  kind: ExpressionKind;
  source: string;
  /** Forms one character off that are right in their own use (全面依法治县). */
  allow?: string[];
}

/**
 * A fixed series whose members are listed together (四个意识: 政治意识、大局意识、核心意识、看齐意识).
 * Where most of it is listed, an item beside them close to a member not listed is that member miswritten.
 */
export interface ExpressionSeries {
  name: string;
  members: string[];
  kind: ExpressionKind;
  source: string;
}

/** Forms shorter than this are matched only by their listed wrong forms: one character off, they are other words. */
const fuzzyFrom = 6;
/** Forms this long may also lose two characters together (习近平新时代中国社会主义思想) and still be near. */
const longFrom = 10;

interface Entry {
  rule: ExpressionRule;
  wrong: string;
  right: string;
  after?: RegExp;
  before?: RegExp;
  onlyAfter?: RegExp;
  onlyBefore?: RegExp;
  onlyNear?: RegExp;
  unlessNear?: RegExp;
}

export interface ExpressionChecker {
  version: string;
  check(text: string): ExpressionFinding[];
}

const numerals = (to: number) =>
  Array.from({ length: to }, (_, i) => {
    const n = i + 1;
    const units = '一二三四五六七八九';
    if (n < 10) return units[n - 1]!;
    const tens = Math.floor(n / 10);
    return `${tens > 1 ? units[tens - 1] : ''}十${n % 10 ? units[(n % 10) - 1] : ''}`;
  });
const provinces =
  '北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 内蒙古 广西 西藏 宁夏 新疆'.split(
    ' ',
  );
const arabic = (to: number) => Array.from({ length: to }, (_, i) => String(i + 1));
const placeholders: Record<string, string[]> = {
  '{N}': [...numerals(30), ...arabic(30)],
  '{M}': [...numerals(9), ...arabic(9)],
  '{省}': provinces,
};

/** A wrong form with `{N}`/`{M}` written out for every number, each with its right form. */
function expand(wrong: string, right: string): [string, string][] {
  const slot = Object.keys(placeholders).find((p) => wrong.includes(p));
  if (!slot) return [[wrong, right]];
  // A number in figures only after 第: 「召开3次全国人大代表座谈会」 counts meetings.
  const values = wrong.startsWith(slot) ? placeholders[slot]!.filter((n) => !/\d/u.test(n)) : placeholders[slot]!;
  return values.flatMap((n) => expand(wrong.replaceAll(slot, n), right.replaceAll(slot, n)));
}

/** The form with two neighbouring pieces of one or two characters swapped (集中统一 → 统一集中). */
function swaps(form: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < form.length; i++)
    for (const a of [1, 2])
      for (const b of [1, 2]) {
        if (i + a + b > form.length) continue;
        const swapped = form.slice(0, i) + form.slice(i + a, i + a + b) + form.slice(i, i + a) + form.slice(i + a + b);
        if (swapped !== form) out.add(swapped);
      }
  return [...out];
}

/**
 * The dictionary prepared for building checkers: a committee's canonical name allows its member's
 * title (中央军事委员会 → 中央军事委员); leaders' names and the names of state bodies written with a
 * homophone or a look-alike of one character (习近乎, 王沪柠, 人民检查院) are rules, each name with every
 * character swapped for its confusable ones. A name of two characters, or one that is also an
 * everyday name once miswritten (刘国忠), counts only in a sentence naming the office.
 */
let preparedDictionary:
  | { dictionary: ShippedDictionary; canonicalForms: CanonicalForm[]; nameRules: ExpressionRule[] }
  | undefined;
function prepared() {
  if (preparedDictionary) return preparedDictionary;
  const dictionary = (shippedDictionary ??= readExpressionRules());
  const canonicalForms = dictionary.canonical
    .filter((c) => c.form.length >= fuzzyFrom)
    .map((c) => (c.form.endsWith('委员会') ? { ...c, allow: [...(c.allow ?? []), c.form.slice(0, -1)] } : c));
  const { confusable } = dictionary;
  const nameRules: ExpressionRule[] = dictionary.names.map(({ name, near, kind = 'title', source = 'titles' }) => ({
    kind,
    wrong: [...name].flatMap((c, i) =>
      [...(confusable[c] ?? '')].map((other) => name.slice(0, i) + other + name.slice(i + 1)),
    ),
    right: name,
    source,
    ...(near && { onlyNear: near }),
  }));
  preparedDictionary = { dictionary, canonicalForms, nameRules };
  return preparedDictionary;
}

/**
 * The checker for the shipped rules with a county's additions, less its exceptions (wrong forms it
 * has judged correct in its own usage, e.g. a place name). Build once per rules version and reuse.
 */
let shipped: ExpressionChecker | undefined;
/**
 * Apart from the object below: esbuild keeps a template literal as code that may have effects, and
 * inside the object it kept the whole checker (9 KB) in bundles that never check a text (the renderer).
 */
const shippedVersion = `${expressionRulesVersion}.0`;
/**
 * The shipped dictionary's checker, for callers without a county's own (tests, a portal with none set,
 * 自查 before the run has read the county's): built on its first check, not at import, since building
 * it is most of a cold start's own work (160 ms of CPU in the applications function, where a request
 * may never check a text), and once per instance however many modules use it.
 */
export const shippedExpressions: ExpressionChecker = {
  version: shippedVersion,
  check: (text) => (shipped ??= expressionChecker()).check(text),
};

export function expressionChecker(
  county: { additions?: ExpressionRule[]; exceptions?: string[]; version?: number } = {},
): ExpressionChecker {
  const {
    dictionary: { rules, series, sources },
    canonicalForms,
    nameRules,
  } = prepared();
  const exceptions = new Set((county.exceptions ?? []).map((w) => squeeze(w).text));
  const allowed = new Set(canonicalForms.flatMap((c) => [c.form, ...(c.allow ?? [])]));
  const entries: Entry[] = [];
  const add = (rule: ExpressionRule, form: string, right: string, tests: Omit<Entry, 'rule' | 'wrong' | 'right'>) => {
    const wrong = squeeze(form).text;
    if (wrong && !exceptions.has(wrong) && !allowed.has(wrong)) entries.push({ rule, wrong, right, ...tests });
  };
  for (const rule of [...rules, ...nameRules, ...(county.additions ?? [])]) {
    const tests = {
      ...(rule.unlessAfter && { after: new RegExp(rule.unlessAfter, 'u') }),
      ...(rule.unlessBefore && { before: new RegExp(rule.unlessBefore, 'u') }),
      ...(rule.onlyAfter && { onlyAfter: new RegExp(rule.onlyAfter, 'u') }),
      ...(rule.onlyBefore && { onlyBefore: new RegExp(rule.onlyBefore, 'u') }),
      ...(rule.onlyNear && { onlyNear: new RegExp(rule.onlyNear, 'u') }),
      ...(rule.unlessNear && { unlessNear: new RegExp(rule.unlessNear, 'u') }),
    };
    for (const form of rule.wrong)
      for (const [wrong, right] of expand(form, rule.right)) add(rule, wrong, right, tests);
  }
  // A canonical form with two of its pieces swapped is a listed wrong form of it.
  for (const c of canonicalForms) {
    const rule: ExpressionRule = { kind: c.kind, wrong: [], right: c.form, source: c.source };
    for (const swapped of swaps(c.form)) add(rule, swapped, c.form, {});
  }
  // Each canonical form in pieces (two, three when long): a form near it keeps at least one piece whole.
  const pieces = canonicalForms.flatMap((c, i) => {
    const count = c.form.length >= longFrom ? 3 : 2;
    const cuts = Array.from({ length: count + 1 }, (_, k) => Math.round((c.form.length * k) / count));
    return cuts.slice(0, -1).map((at, k) => ({ canonical: i, offset: at, text: c.form.slice(at, cuts[k + 1]) }));
  });
  const members = series.flatMap((s, i) => s.members.map((member) => ({ series: i, member: squeeze(member).text })));
  const matcher = new PatternMatcher([
    ...entries.map((e) => e.wrong),
    ...pieces.map((p) => p.text),
    ...members.map((m) => m.member),
  ]);
  const piecesFrom = entries.length;
  const membersFrom = piecesFrom + pieces.length;
  return {
    version: `${expressionRulesVersion}.${county.version ?? 0}`,
    check(original: string) {
      const { text, at } = squeeze(original);
      const finding = (
        kind: ExpressionKind,
        from: number,
        to: number,
        right: string,
        source: string,
        extra: { severity?: Severity; note?: string } = {},
      ): ExpressionFinding => {
        const start = at[from]!;
        const end = at[to - 1]! + 1;
        return {
          kind,
          severity: extra.severity ?? defaultSeverity[kind],
          wrong: original.slice(start, end),
          right,
          ...(extra.note && { note: extra.note }),
          source: sources[source] ?? source,
          start,
          end,
          excerpt: sentenceAround(original, start, end),
        };
      };
      // Within a form the county judged right (its exception 「截止目前」), no shorter form is a finding either.
      const excepted = (from: number, to: number) =>
        [...exceptions].some((e) => text.slice(Math.max(0, to - e.length), from + e.length).includes(e));
      const found: ExpressionFinding[] = [];
      const near = new Map<string, ExpressionFinding>();
      const listed: { series: number; member: string; start: number; end: number }[] = [];
      for (const hit of matcher.search(text)) {
        if (hit.pattern >= membersFrom) {
          listed.push({ ...members[hit.pattern - membersFrom]!, start: hit.start, end: hit.end });
          continue;
        }
        if (hit.pattern >= piecesFrom) {
          const piece = pieces[hit.pattern - piecesFrom]!;
          const form = canonicalForms[piece.canonical]!;
          // Most pieces are of the form written rightly: nothing near to look for there.
          if (text.startsWith(form.form, hit.start - piece.offset)) continue;
          for (const [from, to] of nearWindows(form, text, hit.start - piece.offset)) {
            const window = text.slice(from, to);
            if (allowed.has(window) || excepted(from, to) || near.has(`${from}:${to}`)) continue;
            near.set(`${from}:${to}`, finding(form.kind, from, to, form.form, form.source));
          }
          continue;
        }
        const entry = entries[hit.pattern]!;
        const before = text.slice(Math.max(0, hit.start - 30), hit.start);
        const after = text.slice(hit.end, hit.end + 30);
        if (entry.after?.test(after) || entry.before?.test(before)) continue;
        if (entry.onlyAfter && !entry.onlyAfter.test(after)) continue;
        if (entry.onlyBefore && !entry.onlyBefore.test(before)) continue;
        const sentence = `${clauseBefore(before)}${entry.wrong}${clauseAfter(after)}`;
        if ((entry.onlyNear && !entry.onlyNear.test(sentence)) || entry.unlessNear?.test(sentence)) continue;
        if (
          entry.rule.quoted &&
          opening.has(original[at[hit.start]! - 1] ?? '') &&
          closing.has(original[at[hit.end - 1]! + 1] ?? '')
        )
          continue;
        if (entry.rule.kind === 'outdated' && historical(entry.rule, before, after)) continue;
        if (excepted(hit.start, hit.end)) continue;
        found.push(finding(entry.rule.kind, hit.start, hit.end, entry.right, entry.rule.source, entry.rule));
      }
      for (const miss of seriesMisses(text, listed))
        if (!excepted(miss.start, miss.end))
          found.push(finding(series[miss.series]!.kind, miss.start, miss.end, miss.right, series[miss.series]!.source));
      // A listed wrong form speaks for itself; a near miss only where none was found.
      return longestOnly([
        ...found,
        ...[...near.values()].filter((n) => !found.some((f) => f.start < n.end && f.end > n.start)),
      ]);
    },
  };
}

/**
 * The windows of the text around where a piece's hit puts the form that are near the whole form: one
 * substituted, missing or extra character, two characters missing from a long form, or two pieces
 * swapped. A change before the piece moves the form's start by up to two characters.
 */
function nearWindows({ form, allow = [] }: CanonicalForm, text: string, at: number): [number, number][] {
  // The form (or a form allowed beside it) written rightly around the hit: no miss here.
  const around = text.slice(Math.max(0, at - 2 - form.length), at + 3 + 2 * form.length);
  if (around.includes(form) || allow.some((a) => around.includes(a))) return [];
  const windows: [number, number][] = [];
  const lengths = [
    form.length,
    form.length - 1,
    form.length + 1,
    ...(form.length >= longFrom ? [form.length - 2] : []),
  ];
  for (let from = Math.max(0, at - 2); from <= at + 2; from++)
    for (const length of lengths) {
      const to = from + length;
      if (to <= text.length && to > at && nearMiss(form, text, from, to)) windows.push([from, to]);
    }
  return windows;
}

const punctuation = /^[、，,；;：:·.\s]+$/u;

/**
 * Whether the text from `from` to `to` is `form` with one character changed or put in, one (two, in a
 * long form) left out together, or two neighbouring pieces of a short stretch swapped. Compared in
 * place: most windows fail on their first characters.
 */
function nearMiss(form: string, text: string, from: number, to: number): boolean {
  const length = to - from;
  let prefix = 0;
  while (prefix < form.length && prefix < length && form.charCodeAt(prefix) === text.charCodeAt(from + prefix))
    prefix++;
  let suffix = 0;
  while (
    suffix < form.length - prefix &&
    suffix < length - prefix &&
    form.charCodeAt(form.length - 1 - suffix) === text.charCodeAt(to - 1 - suffix)
  )
    suffix++;
  const changed = form.length - prefix - suffix;
  const put = length - prefix - suffix;
  if (changed > 6 || put > 6 || (changed === 0 && put === 0)) return false;
  const inForm = form.slice(prefix, form.length - suffix);
  const inSeen = text.slice(from + prefix, to - suffix);
  // 、 for ， or left out is a matter of punctuation; a form running into punctuation is cut there.
  if (punctuation.test(inForm + inSeen) || /[^\p{L}\p{N}]/u.test(inSeen)) return false;
  // One changed or put in, or left out from within: a form cut at its edge is a shorter word (全国人大常委).
  if (inForm.length <= 1 && inSeen.length <= 1) return inSeen.length > 0 || (prefix > 0 && suffix > 0);
  // Two left out together from within a long form (not its ends: 发展和改革委员会 is a city's, not 国家… miswritten).
  if (!inSeen && inForm.length === 2) return form.length >= longFrom && prefix > 0 && suffix > 0;
  return inForm.length === inSeen.length && (inForm + inForm).includes(inSeen);
}

interface SeriesMiss {
  series: number;
  start: number;
  end: number;
  right: string;
}

const itemSeparator = /[、，,]/u;
const connector = /^(和|及|以及|与|同)/u;

/**
 * Members of a series miswritten in a list of it: in each sentence holding most of a series, the
 * items just beside or between those listed (split at 、 and ，) that are close to a member not
 * listed. The series' members were found by the automaton; only those sentences are read again.
 */
function seriesMisses(
  text: string,
  listed: { series: number; member: string; start: number; end: number }[],
): SeriesMiss[] {
  const misses: SeriesMiss[] = [];
  const bySentence = new Map<string, { series: number; from: number; to: number; members: Set<string> }>();
  for (const hit of listed) {
    let from = hit.start;
    while (from > 0 && hit.start - from < 200 && !clauseStop.test(text[from - 1]!)) from--;
    let to = hit.end;
    while (to < text.length && to - hit.end < 200 && !clauseStop.test(text[to]!)) to++;
    const key = `${hit.series}:${from}`;
    const group = bySentence.get(key) ?? { series: hit.series, from, to, members: new Set<string>() };
    group.members.add(hit.member);
    bySentence.set(key, group);
  }
  for (const group of bySentence.values()) {
    const all = prepared().dictionary.series[group.series]!.members.map((m) => squeeze(m).text);
    const short = all.some((m) => m.length <= 2);
    const least = all.length <= 5 || short ? Math.max(2, all.length - 1) : Math.ceil(all.length * 0.6);
    if (group.members.size < least || group.members.size === all.length) continue;
    const missing = all.filter((m) => !group.members.has(m));
    // The sentence's items, each with where it starts.
    const items: { text: string; start: number }[] = [];
    let itemStart = group.from;
    for (let i = group.from; i <= group.to; i++)
      if (i === group.to || itemSeparator.test(text[i]!)) {
        const item = text.slice(itemStart, i);
        // 「核心意识和看齐意识」: a member joined to the next by 和 (及, 与) is two items.
        const head = all.find((m) => item.startsWith(m) && connector.test(item.slice(m.length)));
        if (head) {
          items.push({ text: head, start: itemStart });
          items.push({ text: item.slice(head.length), start: itemStart + head.length });
        } else items.push({ text: item, start: itemStart });
        itemStart = i + 1;
      }
    const isListed = (item: string) =>
      all.some((m) => item === m || item.endsWith(m) || item.startsWith(m) || item.replace(connector, '') === m);
    const listedAt = items.flatMap((item, i) => (isListed(item.text) ? [i] : []));
    const first = listedAt[0]!;
    const last = listedAt.at(-1)!;
    for (let i = Math.max(0, first - 1); i <= Math.min(items.length - 1, last + 1); i++) {
      const item = items[i]!;
      if (isListed(item.text)) continue;
      const best = closest(item.text, missing, i < first ? 'end' : i > last ? 'start' : 'both');
      if (best)
        misses.push({
          series: group.series,
          start: item.start + best.from,
          end: item.start + best.to,
          right: best.member,
        });
    }
  }
  return misses;
}

/**
 * The stretch of an item closest to one of the missing members, if close enough: one character off
 * for members of up to four characters, two for longer ones, sharing its first or last character.
 * An item before the list may carry a verb in front (增强), one after it words behind (总体布局).
 */
function closest(item: string, missing: string[], anchor: 'start' | 'end' | 'both') {
  let best: { from: number; to: number; member: string; off: number } | undefined;
  const lead = connector.exec(item)?.[0].length ?? 0;
  for (const member of missing) {
    const limit = member.length <= 4 ? 1 : 2;
    for (let length = Math.max(2, member.length - 2); length <= member.length + 1; length++) {
      const spans: [number, number][] = [];
      if (anchor !== 'end') spans.push([lead, lead + length]);
      if (anchor !== 'start') spans.push([item.length - length, item.length]);
      for (const [from, to] of spans) {
        if (from < lead || to > item.length || (anchor === 'both' && (from !== lead || to !== item.length))) continue;
        const piece = item.slice(from, to);
        if (piece[0] !== member[0] && piece.at(-1) !== member.at(-1)) continue;
        // Two pieces of the member swapped (自立自信 for 自信自立) count as one change.
        const swapped = piece.length === member.length && piece !== member && (piece + piece).includes(member);
        const distance = swapped ? 1 : editDistance(piece, member);
        // The closest; of equally close ones, the one as long as the member (看齐意思, not 看齐意).
        const off = distance * 10 + Math.abs(piece.length - member.length);
        if (distance > 0 && distance <= limit && (!best || off < best.off)) best = { from, to, member, off };
      }
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
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
