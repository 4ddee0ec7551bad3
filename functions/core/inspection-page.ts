/**
 * 自查's checks of one rendered page (`inspection.ts` has the rules): its national metadata, a
 * normative document's validity label, and its links as bucket keys. Pure; the page is parsed with
 * htmlparser2, as the sanitiser parses rich text.
 */
import { Parser } from 'htmlparser2';
import { type ExpressionChecker, shippedExpressions } from './expressions.ts';
import { externalUrl } from './external-links.ts';
import type { Finding } from './inspection.ts';

/** The metadata every page carries, and what an item page adds (政府网站网页设计规范). */
export const pageMetaNames = ['SiteName', 'SiteDomain', 'ColumnName', 'ColumnType'] as const;
export const articleMetaNames = ['ArticleTitle', 'PubDate', 'ContentSource'] as const;
/** Categories whose items must say whether they are in force (有效/废止). */
const normativeColumns = new Set(['规章', '行政规范性文件']);

/**
 * Addresses the site bucket does not hold: the functions' routes (the form, the status pages, the
 * API, the display-mode switch, the staff console) and the assets deployed with the stack.
 */
const notInBucket = /^\/(api|apply|mode|staff|assets)(\/|$|\?)/;

/**
 * The bucket key an internal link points to (`/lushuihe/` → `lushuihe/index.html`), or undefined
 * for what is not a page of the bucket (another host, a function route, a fragment, mailto:).
 */
export function linkKey(href: string, siteHost: string): string | undefined {
  const value = href.trim();
  if (!value || value.startsWith('#') || /^(mailto|tel|javascript|data):/i.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value, 'https://site.invalid/');
  } catch {
    return undefined;
  }
  if (url.host !== 'site.invalid' && url.host !== siteHost) return undefined;
  if (notInBucket.test(url.pathname)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return url.pathname.slice(1);
  }
  path = path.replace(/^\/+/, '');
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
}

export interface PageCheck {
  /** Internal links (bucket keys), each once, with whether it is an attachment's download. */
  links: { key: string; attachment: boolean }[];
  /** Links to other sites (absolute http(s) addresses), each once: checked by the job in the background. */
  external: string[];
  findings: Omit<Finding, 'agencyId' | 'page'>[];
}

/** What one rendered page says for itself: its metadata, a normative document's validity label, its links. */
export function checkPage(
  key: string,
  html: string,
  options: { siteHost: string; siteCode: boolean; expressions?: ExpressionChecker },
): PageCheck {
  const meta = new Map<string, string>();
  // The page's words as a reader sees them (not scripts and styles), for 表述检查.
  const words: string[] = [];
  let hidden = 0;
  const links = new Map<string, boolean>();
  const external = new Set<string>();
  let inDt = false;
  let dtText = '';
  let validityShown = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'script' || name === 'style') hidden++;
        if (name === 'meta' && attrs.name) meta.set(attrs.name, attrs.content ?? '');
        if (name === 'dt') {
          inDt = true;
          dtText = '';
        }
        const href =
          name === 'a' || name === 'link' ? attrs.href : name === 'img' || name === 'script' ? attrs.src : undefined;
        if (href === undefined || (name === 'link' && attrs.rel !== 'alternate')) return;
        const outside = name === 'a' ? externalUrl(href, options.siteHost) : undefined;
        if (outside) external.add(outside);
        const target = linkKey(href, options.siteHost);
        if (target && target !== key)
          links.set(target, links.get(target) || 'download' in attrs || target.includes('/files/'));
      },
      ontext(text) {
        if (inDt) dtText += text;
        if (!hidden) words.push(text);
      },
      onclosetag(name) {
        if (name === 'script' || name === 'style') hidden--;
        // A block's end is a line break (the excerpt reads as the page does).
        if (/^(p|div|td|th|li|h[1-6]|dt|dd|tr|br|section|article|title)$/.test(name)) words.push('\n');
        if (name !== 'dt') return;
        inDt = false;
        if (dtText.trim() === '有效性') validityShown = true;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  const findings: PageCheck['findings'] = [];
  const isItem = /\/items\/[^/]+\.html$/.test(key);
  const required = [
    ...pageMetaNames,
    ...(options.siteCode ? (['SiteIDCode'] as const) : []),
    ...(isItem ? articleMetaNames : []),
  ];
  const missing = required.filter((name) => !meta.get(name)?.trim());
  if (missing.length)
    findings.push({ rule: 'missingMeta', severity: 'deduct', detail: `缺少元数据：${missing.join('、')}` });
  if (isItem && normativeColumns.has(meta.get('ColumnName') ?? '') && !validityShown)
    findings.push({
      rule: 'missingValidity',
      severity: 'deduct',
      detail: `${meta.get('ArticleTitle') ?? key}：${meta.get('ColumnName')}未标注有效性`,
    });
  for (const found of (options.expressions ?? shippedExpressions).check(words.join('')))
    findings.push({
      rule: found.severity === 'serious' ? 'seriousExpression' : 'expressionWarning',
      severity: found.severity === 'serious' ? 'veto' : 'notice',
      detail: `“${found.wrong.replace(/\s+/g, '')}”应为“${found.right}”：${found.excerpt.replace(/\s+/g, ' ')}`,
    });
  return { links: [...links].map(([k, attachment]) => ({ key: k, attachment })), external: [...external], findings };
}

/** The finding for a link whose target the bucket does not hold. */
export const brokenLinkFinding = (target: string, attachment: boolean): Omit<Finding, 'agencyId' | 'page'> =>
  attachment
    ? { rule: 'missingAttachment', severity: 'deduct', detail: `附件 /${target} 无法下载（文件不存在）` }
    : { rule: 'brokenLink', severity: 'deduct', detail: `链接 /${target} 指向的页面不存在` };

/** Only pages are inspected: HTML (the feeds, sitemaps, data and search files are generated with them). */
export const isPageKey = (key: string) => key.endsWith('.html');
