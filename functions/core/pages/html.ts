/**
 * A strict HTML template: every interpolated value is escaped unless it is itself a template result
 * (or an array of them). Markup enters a page only that way, or through `sanitised` (staff rich text)
 * and `libraryMarkup` (what a trusted library made) below.
 */
import { escapeHtml } from '../html.ts';

const markup = Symbol('markup');

export interface Html {
  readonly [markup]: string;
}

const isHtml = (value: unknown): value is Html => typeof value === 'object' && value !== null && markup in value;

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (isHtml(value)) return value[markup];
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return { [markup]: strings.reduce((out, part, i) => out + part + (i < values.length ? render(values[i]) : ''), '') };
}

export const markupOf = (page: Html) => page[markup];

/**
 * A CSV cell: always quoted, quotes doubled, and text a spreadsheet program would take as a formula
 * neutralised with a leading apostrophe (OWASP's rule: a first character of = + - @, tab, carriage
 * return or line feed; and their full-width forms, which some Chinese spreadsheet programs read alike).
 * Numbers stay numbers.
 */
export function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  const formula = typeof value !== 'number' && /^[=+\-@\t\r\n＝＋－＠]/.test(text);
  return `"${(formula ? `'${text}` : text).replaceAll('"', '""')}"`;
}

/** Markup that a sanitiser produced (staff rich text): the one other way markup enters a page. */
export const sanitised = (text: string, sanitise: (text: string) => string): Html => ({ [markup]: sanitise(text) });

/** Markup a trusted library made itself (the OpenID provider's hidden sign-out form): the third way in. */
export const libraryMarkup = (text: string): Html => ({ [markup]: text });
