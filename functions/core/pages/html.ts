/**
 * A strict HTML template: every interpolated value is escaped unless it is itself a template result
 * (or an array of them). There is no other way to put markup into a page.
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

/** A CSV cell: always quoted; a leading formula character is neutralised for spreadsheet programs. */
export function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return `"${(/^[=+\-@]/.test(text) ? `'${text}` : text).replaceAll('"', '""')}"`;
}

/** Markup that a sanitiser produced (staff rich text): the one other way markup enters a page. */
export const sanitised = (text: string, sanitise: (text: string) => string): Html => ({ [markup]: sanitise(text) });

/** Markup a trusted library made itself (the OpenID provider's hidden sign-out form): the third way in. */
export const libraryMarkup = (text: string): Html => ({ [markup]: text });
