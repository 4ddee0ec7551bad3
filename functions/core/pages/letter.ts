/** A letter as a printable page: the same HTML for the citizen's status page and the staff console. */
import { formatDate } from '../dates.ts';
import type { Letter } from '../letters.ts';
import { html, type Html } from './html.ts';
import type { SiteContext } from '../agency.ts';
import { document } from './layout.ts';

/** Where the reader can open each file a letter lists (by its name), where the letter is read online. */
export type FileLinks = ReadonlyMap<string, string>;

/** A listed item; a file the reader can open, a link to it. */
const listItem = (item: string, links?: FileLinks) => {
  const href = links?.get(item);
  return href ? html`<li><a href="${href}">${item}</a></li>` : html`<li>${item}</li>`;
};

export function letterBody(letter: Letter, links?: FileLinks): Html {
  return html`<article class="letter" aria-labelledby="letter-title">
<header class="letter-head"><p class="letter-agency">${letter.agencyName}</p>
<h1 id="letter-title">${letter.title}</h1>
<p class="letter-number">${letter.number}</p></header>
<p class="recipient">${letter.recipient}</p>
${letter.paragraphs.slice(0, letter.listAfter ?? 1).map((p) => html`<p>${p}</p>`)}
${letter.list?.length ? html`<ol class="letter-list">${letter.list.map((item) => listItem(item, links))}</ol>` : ''}
${letter.paragraphs.slice(letter.listAfter ?? 1).map((p) => html`<p>${p}</p>`)}
<footer class="letter-foot"><p class="signature">${letter.agencyName}</p><p class="date">${formatDate(letter.issuedOn, false)}</p>
${letter.closing.map((line) => html`<p class="contact">${line}</p>`)}</footer>
</article>`;
}

/**
 * The printable letter; `back`, the page it was opened from (the citizen's status page); `links`,
 * the files it lists that the reader can download there (a 答复书's disclosed files).
 */
export const letterPage = (
  site: SiteContext,
  letter: Letter,
  back?: { href: string; text: string },
  links?: FileLinks,
) =>
  document(
    letter.title,
    html`${letterBody(letter, links)}<p class="actions no-print">${back && html`<a class="button" href="${back.href}">${back.text}</a> `}<span class="print-hint">使用浏览器的“打印”功能可打印本文书。</span></p>`,
    { site },
  );

/** The letter alone, as the staff console previews and prints it (no public masthead). */
export const letterSheet = (letter: Letter) => document(letter.title, letterBody(letter), { sheet: true });
