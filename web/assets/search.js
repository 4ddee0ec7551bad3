// @ts-check
// 信息检索 in the browser: reads the query from the address, downloads only the index files its
// words need, and lists the results. Text goes in through textContent; only <mark> is added.
import { agencyFilter } from './agency-filter.js';
import { fetchSiteJson, search, snippet } from './search-core.js';

/** @type {HTMLFormElement | null} */
const form = document.querySelector('form.search-form');
const status = /** @type {HTMLElement} */ (document.getElementById('search-status'));
const list = /** @type {HTMLElement} */ (document.getElementById('search-results'));
const pager = /** @type {HTMLElement} */ (document.getElementById('search-pages'));
const params = new URL(location.href).searchParams;

for (const [name, value] of params) {
  const control = form?.elements.namedItem(name);
  if (control && 'value' in control) control.value = value;
}

/**
 * @param {string} tag
 * @param {Record<string, string>} attributes
 * @param {...(Node | string)} children
 */
function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

async function run() {
  const query = (params.get('q') ?? '').trim();
  /** @type {import('./search-core.js').SearchOptions} */
  const options = {
    agency: params.get('agency') || undefined,
    category: params.get('category') || undefined,
    year: params.get('year') || undefined,
    sort: params.get('sort') === 'date' ? 'date' : 'relevance',
    page: Math.max(1, Number(params.get('page')) || 1),
  };
  if (!query && !options.agency && !options.category) return;
  status.textContent = '正在检索…';
  try {
    const { total, results, tokens } = await search(query, options, fetchSiteJson);
    status.textContent = total ? `共找到 ${total} 条信息。` : '没有找到相关信息。请换一个检索词，或减少筛选条件。';
    list.replaceChildren(
      ...results.map((r) => {
        const cut = snippet(r.s, tokens);
        const text = element(
          'p',
          { class: 'snippet' },
          cut.before ? '…' : '',
          ...cut.parts.map((p) => (p.mark ? element('mark', {}, p.text) : p.text)),
          cut.after ? '…' : '',
        );
        return element(
          'li',
          {},
          element('h2', {}, element('a', { href: r.u }, r.t)),
          element('p', { class: 'meta' }, `${r.a} · ${r.c} · ${r.d} · 索引号 ${r.i}${r.n ? ` · ${r.n}` : ''}`),
          text,
        );
      }),
    );
    const pages = Math.ceil(total / 10);
    pager.replaceChildren(
      ...Array.from({ length: Math.min(pages, 20) }, (_, i) => {
        const next = new URLSearchParams(params);
        next.set('page', String(i + 1));
        return i + 1 === options.page
          ? element('span', { 'aria-current': 'page' }, ` ${i + 1} `)
          : element('a', { href: `?${next}` }, ` ${i + 1} `);
      }),
    );
  } catch {
    status.textContent = '检索暂时不可用，请稍后再试，或按类别浏览公开信息。';
  }
}

run();

const scope = document.getElementById('agency-scope');
if (scope instanceof HTMLSelectElement)
  void agencyFilter(
    {
      scope,
      name: /** @type {HTMLInputElement} */ (document.getElementById('agency-name')),
      choice: /** @type {HTMLSelectElement} */ (document.getElementById('agency-choice')),
      note: /** @type {HTMLElement} */ (document.getElementById('agency-note')),
    },
    params,
  );
