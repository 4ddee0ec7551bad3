/**
 * Staff rich text (the body of a publication, an agency's guide): an allow-list of structural tags,
 * links to http(s) and mailto only, no attributes beyond href (and table spans over 1), no styles, no
 * scripts. The output is rebuilt from the parser's tokens — text and attribute values escaped anew,
 * only allowed tags emitted, every open tag closed — so nothing of the input's markup passes through
 * as written. Applied before the text is stored and again when it is rendered.
 */
import { Parser } from 'htmlparser2';
import { escapeHtml } from './html.ts';

const allowed = new Set([
  'p',
  'br',
  'strong',
  'b',
  'em',
  'i',
  'u',
  'h2',
  'h3',
  'h4',
  'ul',
  'ol',
  'li',
  'blockquote',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'a',
]);
const empty = new Set(['br']);
/** Dropped with everything inside them. */
const dropped = new Set([
  'script',
  'style',
  'textarea',
  'option',
  'select',
  'noscript',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'template',
  'title',
  'head',
]);
const attributes: Record<string, string[]> = { a: ['href'], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'] };

function safeHref(value: string): string | undefined {
  const trimmed = value.trim();
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore these inside a scheme, so they are removed before it is read
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed.replace(/[\u0000-\u0020]/g, ''))?.[1]?.toLowerCase();
  if (scheme) return ['http', 'https', 'mailto'].includes(scheme) ? trimmed : undefined;
  return trimmed.startsWith('/') && !trimmed.startsWith('//') ? trimmed : undefined;
}

function attributesOf(tag: string, attribs: Record<string, string>): string {
  const kept: string[] = [];
  for (const name of attributes[tag] ?? []) {
    const raw = attribs[name];
    if (raw === undefined) continue;
    // A span of 1 is the default (editors write it on every cell): kept only where it spans.
    const value = name === 'href' ? safeHref(raw) : /^\d{1,2}$/.test(raw.trim()) && +raw > 1 ? raw.trim() : undefined;
    if (value !== undefined) kept.push(` ${name}="${escapeHtml(value)}"`);
  }
  if (tag === 'a') kept.push(' rel="noopener noreferrer"');
  return kept.join('');
}

function walk(
  html: string,
  on: { open(tag: string, attribs: Record<string, string>): void; text(text: string): void; close(tag: string): void },
) {
  let skipping = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (dropped.has(name)) skipping += 1;
        else if (!skipping) on.open(name, attribs);
      },
      ontext(text) {
        if (!skipping) on.text(text);
      },
      onclosetag(name) {
        if (dropped.has(name)) skipping = Math.max(0, skipping - 1);
        else if (!skipping) on.close(name);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false },
  );
  parser.write(html);
  parser.end();
}

/**
 * The allowed structure, rebuilt from the parser's reading of the input; read again until the parser
 * reads the output as written (markup such as a heading that a dropped element left inside another
 * heading reads differently once the dropped element is gone), so sanitising is idempotent.
 */
export function sanitiseRichText(html: string): string {
  let out = sanitiseOnce(html);
  for (let round = 0; round < 4; round++) {
    const again = sanitiseOnce(out);
    if (again === out) break;
    out = again;
  }
  return out;
}

function sanitiseOnce(html: string): string {
  const out: string[] = [];
  const open: string[] = [];
  /** Closes what was left open inside the last open `tag`, then it. */
  const closeTo = (tag: string) => {
    const at = open.lastIndexOf(tag);
    if (at >= 0) while (open.length > at) out.push(`</${open.pop()}>`);
  };
  walk(html, {
    open(tag, attribs) {
      if (!allowed.has(tag)) return;
      // A link inside a link: the first ends where the second begins, as browsers read it (and as
      // the parser would read this output again).
      if (tag === 'a') closeTo('a');
      out.push(`<${tag}${attributesOf(tag, attribs)}>`);
      if (!empty.has(tag)) open.push(tag);
    },
    text(text) {
      out.push(escapeHtml(text));
    },
    close(tag) {
      if (allowed.has(tag) && !empty.has(tag)) closeTo(tag);
    },
  });
  while (open.length) out.push(`</${open.pop()}>`);
  // An empty paragraph is a stray Enter (or an editor's filler around a list or table), not content.
  return out
    .join('')
    .replace(/<p>(?:\s|<br>)*<\/p>/g, '')
    .trim();
}

/** The text alone, for summaries, feeds and search. */
const inline = new Set(['strong', 'b', 'em', 'i', 'u', 'a', 'span']);

export function plainText(html: string): string {
  const out: string[] = [];
  const gap = (tag: string) => !inline.has(tag) && out.push(' ');
  walk(html, { open: gap, text: (text) => out.push(text), close: gap });
  return out.join('').replace(/\s+/g, ' ').trim();
}
