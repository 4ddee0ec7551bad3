// @ts-check
// Bar charts as SVG, for 工作统计: one description of a chart, written out as markup by the site's
// renderer (the public page works without script) and built as elements by the staff console. Each
// chart is labelled (role="img", its title) and sits beside a table with the same figures.

/** @typedef {[string, Record<string, string | number>, ...(Tree | string)[]]} Tree */

const width = 640;
const barArea = { left: 150, right: 60, top: 8, row: 26 };

/**
 * Horizontal bars, one per row, with its value at the end.
 * @param {{ title: string; rows: { label: string; value: number }[]; unit?: string }} chart
 * @returns {Tree}
 */
export function barChart({ title, rows, unit = '' }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const inner = width - barArea.left - barArea.right;
  const height = barArea.top * 2 + rows.length * barArea.row;
  /** @type {Tree[]} */
  const bars = rows.flatMap((row, i) => {
    const y = barArea.top + i * barArea.row;
    const length = Math.round((row.value / max) * inner);
    return /** @type {Tree[]} */ ([
      ['text', { x: barArea.left - 8, y: y + 17, 'text-anchor': 'end', class: 'chart-label' }, row.label],
      [
        'rect',
        { x: barArea.left, y: y + 4, width: Math.max(length, row.value ? 2 : 0), height: 18, class: 'chart-bar' },
      ],
      ['text', { x: barArea.left + length + 6, y: y + 17, class: 'chart-value' }, `${row.value}${unit}`],
    ]);
  });
  return [
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-label': title,
      class: 'chart',
    },
    ['title', {}, title],
    ...bars,
  ];
}

/** @param {string} text */
const escapeText = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * The chart as markup (escaped).
 * @param {Tree | string} tree
 * @returns {string}
 */
export function svgMarkup(tree) {
  if (typeof tree === 'string') return escapeText(tree);
  const [tag, attributes, ...children] = tree;
  const attrs = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeText(String(value))}"`)
    .join('');
  return `<${tag}${attrs}>${children.map(svgMarkup).join('')}</${tag}>`;
}

/**
 * The chart as elements (text nodes for text: nothing is parsed as markup).
 * @param {Tree | string} tree
 * @returns {Node}
 */
export function svgElement(tree) {
  if (typeof tree === 'string') return document.createTextNode(tree);
  const [tag, attributes, ...children] = tree;
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes))
    if (name !== 'xmlns') element.setAttribute(name, String(value));
  for (const child of children) element.append(svgElement(child));
  return element;
}
