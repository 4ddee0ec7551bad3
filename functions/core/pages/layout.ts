/**
 * The frame of every public page, the static site's and those the public function renders (the
 * application form, the status pages, the letters): the head with the national page metadata, the
 * masthead naming the government, 长者模式's switch, and the footer the county (or the page's
 * agency) configures.
 */
import type { SiteContext } from '../agency.ts';
import type { IsoDate } from '../dates.ts';
import { html, markupOf, type Html } from './html.ts';

/**
 * 长者模式's sheet: one address on every page, which the site's CloudFront Function (cdk/edge/site-request.js)
 * maps to the elder or the standard sheet by the visitor's cookie (where CloudFront runs no functions,
 * the public function answers for it); revalidated on each page, so a switch shows at once.
 */
export const modeSheet = { path: '/assets/mode.css', cacheControl: 'no-cache', vary: 'Cookie' } as const;
/** The cookie holding the preference (`elder`; none: standard). */
export const modeCookie = 'gk_mode';

/** 长者模式 and back: plain links (the function sets the preference and returns); each sheet shows one. */
const modeSwitch = html`<p class="mode-switch"><a class="to-elder" href="/mode/elder">长者模式</a><a class="to-standard" href="/mode/standard">标准模式</a></p>`;

/** Page metadata as the national page norms name it (INSPECTION.md): the column, and on an item page the article. */
export interface PageMeta {
  column?: { name: string; type: string };
  article?: { title: string; pubDate: IsoDate; source: string };
}

export interface PageOptions {
  /** The site's settings for the page (the county's, or its agency's column's); none: a bare frame. */
  site?: SiteContext;
  crumbs?: [string, string][];
  feed?: string;
  script?: string;
  meta?: PageMeta;
  /** The portal's home: titled 政府信息公开 of the government, not its own title twice. */
  home?: boolean;
  /** The body alone, without masthead and footer (a letter as staff preview it). */
  sheet?: boolean;
  /** What the page is, in a sentence, for search engines and link previews; a default names the page and the site. */
  description?: string;
}

/** Before any setting exists (a site not yet configured, the local gateway's own 404). */
const bareSite: SiteContext = { government: '', identity: {}, domain: '', contact: '/' };

const metaTag = (name: string, content: string | undefined) =>
  content ? html`<meta name="${name}" content="${content}">` : '';

/** The footer every public page carries: who runs the site and how to reach it; a field not set is left out. */
export function siteFooter(site: SiteContext): Html {
  const { sponsor, organiser, siteCode, icp, police } = site.identity;
  const part = (label: string, value: Html | string | undefined) =>
    value ? html`<span class="footer-item">${label}：${value}</span>` : '';
  return html`<footer class="footer">
<nav aria-label="网站信息"><a href="/statement.html">网站声明</a> · <a href="/privacy.html">隐私说明</a> · <a href="/sitemap.html">网站地图</a> · <a href="/data/index.json">开放数据</a> · <a href="/statistics/">工作统计</a>${siteCode ? html` · <a href="https://zfwzzc.www.gov.cn/check_web/errorSubmit?siteCode=${siteCode}">我为政府网站找错</a>` : ''}</nav>
<p>${part('主办单位', sponsor)}${organiser && organiser !== sponsor ? part('承办单位', organiser) : ''}<span class="footer-item"><a href="${site.contact}#contact-title">联系我们</a></span></p>
${siteCode || icp || police ? html`<p>${part('网站标识码', siteCode)}${icp ? html`<span class="footer-item"><a href="https://beian.miit.gov.cn/">${icp}</a></span>` : ''}${police ? html`<span class="footer-item">${police}</span>` : ''}</p>` : ''}
<p>依据《中华人民共和国政府信息公开条例》公开。</p>
</footer>`;
}

/** The page's description: its own, or what the page is and whose site it is on. */
function descriptionOf(title: string, site: SiteContext, options: PageOptions): string {
  if (options.description) return options.description.replace(/\s+/g, ' ').trim().slice(0, 160);
  const government = site.government || '本级人民政府';
  return options.home
    ? `${government}政府信息公开：主动公开的政府信息、政府信息公开指南和年度报告，在线提交政府信息公开申请并查询办理进度。`
    : `${title}，${government}政府信息公开。`;
}

/** A public page of the platform. */
export function document(title: string, body: Html, options: PageOptions = {}): string {
  const site = options.site ?? bareSite;
  const { meta } = options;
  // 「…-抚松县人民政府」; the home is 政府信息公开 of the government, not its title twice.
  const fullTitle = site.government
    ? `${options.home ? '政府信息公开' : title}-${site.government}`
    : `${title} - 政府信息公开`;
  return (
    '<!doctype html>\n' +
    markupOf(html`<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${fullTitle}</title>
<meta name="description" content="${descriptionOf(title, site, options)}">
${metaTag('SiteName', site.government && `${site.government}政府信息公开`)}${metaTag('SiteDomain', site.domain)}${metaTag('SiteIDCode', site.identity.siteCode)}
${metaTag('ColumnName', meta?.column?.name ?? title)}${metaTag('ColumnType', meta?.column?.type ?? '政府信息公开')}
${meta?.article ? html`${metaTag('ArticleTitle', meta.article.title)}${metaTag('PubDate', `${meta.article.pubDate} 00:00`)}${metaTag('ContentSource', meta.article.source)}` : ''}
<link rel="stylesheet" href="/assets/site.css">
<link rel="stylesheet" href="${modeSheet.path}">
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
${options.feed && html`<link rel="alternate" type="application/atom+xml" title="${title}" href="${options.feed}">`}
${options.script && html`<script type="module" src="${options.script}"></script>`}
</head><body>
${
  options.sheet
    ? html`<main id="main" class="page sheet">${body}</main>`
    : html`<a class="skip" href="#main">跳到主要内容</a>
<header class="masthead"><a href="/" class="site-name">${site.government && html`<span class="government">${site.government}</span>`}<span>政府信息公开</span></a><nav aria-label="网站"><a href="/latest/">最新公开</a><a href="/search/">信息检索</a><a href="/apply">在线申请</a><a href="/apply/status">办理进度查询</a></nav>${modeSwitch}</header>
<main id="main" class="page">
${options.crumbs?.length ? html`<nav class="crumbs" aria-label="当前位置"><ol><li><a href="/">首页</a></li>${options.crumbs.map(([label, href]) => html`<li>${href ? html`<a href="${href}">${label}</a>` : label}</li>`)}</ol></nav>` : ''}
${body}</main>
${siteFooter(site)}`
}
</body></html>`)
  );
}

/** What the public site answers for a page it does not have (never published, or withdrawn). */
export function notFoundPage(site?: SiteContext): string {
  return document(
    '页面不存在',
    html`<h1>页面不存在</h1>
<p>您访问的页面不存在，或该信息已撤销公开。</p>
<p><a href="/">返回首页</a> · <a href="/search/">信息检索</a></p>`,
    { ...(site && { site }) },
  );
}
