/**
 * The public disclosure site (政府信息公开专栏, REGULATION.md §6) as static pages: every value escaped
 * by the template, rich text sanitised again here, readable without script, on a phone as on a desk.
 */
import {
  agencyKindLabels,
  agencyKinds,
  contactLabels,
  type Agency,
  type AgencyContact,
  type AgencyKind,
  type SiteContext,
} from '../agency.ts';
import { categoriesFor, categoryBySlug } from '../categories.ts';
import { formatDate, type IsoDate } from '../dates.ts';
import type { PublishedVersion } from '../publication.ts';
import { plainText, sanitiseRichText } from '../rich-text.ts';
import {
  agencyListing,
  agencyPages,
  categoryListing,
  countyListing,
  directoryPageSize,
  hasDirectory,
  pageSize,
  paths,
  urlOf,
  type AgencyPage,
  type Listing,
} from '../site-plan.ts';
import { csvCell, html, sanitised, markupOf, type Html } from './html.ts';
import { document, type PageOptions } from './layout.ts';

/** One row of the catalogue (条例12): what listings, feeds, the sitemap and the open data show. */
export interface CatalogueEntry {
  itemId: string;
  agencyId: string;
  agencyName: string;
  title: string;
  indexNumber: string;
  category: string;
  topic: string;
  documentNumber?: string;
  writtenOn: IsoDate;
  publishedOn: IsoDate;
  revisedOn?: IsoDate;
  validity?: string;
  summary: string;
  /** The body's text (a prefix), for search only. */
  text?: string;
  /** Brought in from the agency's old site: listed by its date, never new in feeds or on the homes. */
  imported?: true;
}

export const entryUrl = (entry: Pick<CatalogueEntry, 'agencyId' | 'itemId'>) =>
  urlOf(paths.item(entry.agencyId, entry.itemId));
const day = (date: IsoDate) => formatDate(date, false);

/** A page of the public site: the platform's frame (layout.ts), the site's settings always given. */
export const sitePage = (title: string, body: Html, options: PageOptions & { site: SiteContext }) =>
  document(title, body, options);

function entryList(entries: CatalogueEntry[], options: { agency?: boolean } = {}): Html {
  if (!entries.length) return html`<p>暂无信息。</p>`;
  return html`<table class="grid catalogue"><thead><tr><th scope="col">索引号</th><th scope="col">名称</th>${options.agency ? html`<th scope="col">发布机构</th>` : ''}<th scope="col">发布日期</th></tr></thead>
<tbody>${entries.map((e) => html`<tr><td class="index-number">${e.indexNumber}</td><td><a href="${entryUrl(e)}">${e.title}</a>${e.documentNumber ? html`<br><small>${e.documentNumber}</small>` : ''}</td>${options.agency ? html`<td>${e.agencyName}</td>` : ''}<td>${e.publishedOn}</td></tr>`)}</tbody></table>`;
}

/**
 * The portal's home: the top government's own columns, the way into 机构目录 (every other agency's
 * column, by level and region), the newest items and the application. It names no other agency, so
 * its size does not grow with the portal's.
 */
export function homePage(top: Agency | undefined, latest: CatalogueEntry[], site: SiteContext): string {
  const body = html`<p class="agency-name">${top?.name ?? ''}</p><h1>政府信息公开</h1>
${top ? html`<nav class="column portal-columns" aria-label="${top.name}政府信息公开"><ul>${columnLinks(top)}</ul></nav>` : ''}
<section aria-labelledby="agencies-title"><h2 id="agencies-title">机构目录</h2>
<p>${top ? `${top.name}所属各部门和下级人民政府` : '各机关'}的政府信息公开专栏，按层级和地区排列：<a href="/agencies/">进入机构目录</a></p></section>
<section aria-labelledby="latest-title"><h2 id="latest-title">最新公开</h2>${entryList(latest.slice(0, 10), { agency: true })}
<p><a href="/latest/">更多</a> · <a href="/feed.xml">订阅（Atom）</a></p></section>
<section aria-labelledby="apply-title"><h2 id="apply-title">依申请公开</h2><p><a href="/apply">在线提交政府信息公开申请</a> · <a href="/apply/status">查询办理进度</a></p></section>`;
  return sitePage(`${top?.name ?? ''} 政府信息公开`, body, {
    site,
    home: true,
    feed: '/feed.xml',
    meta: { column: { name: '首页', type: '首页' } },
  });
}

/**
 * Where an agency's column sits: its governments above it (from the top down, the top left out, as
 * the home stands for it), then the column itself.
 */
export const columnCrumbs = (agency: Agency, above: readonly Agency[], here = true): [string, string][] => [
  ...above.filter((a) => a.parentId !== null).map((a): [string, string] => [a.name, urlOf(paths.agencyHome(a.id))]),
  [agency.name, here ? '' : urlOf(paths.agencyHome(agency.id))],
];

/** The agency's parent and subordinates, as its column's home links to them. */
function placeLinks(agency: Agency, above: readonly Agency[]): Html | '' {
  const parent = above.at(-1);
  const links = [
    parent && html`上级机关：<a href="${urlOf(paths.agencyHome(parent.id))}">${parent.name}</a>`,
    hasDirectory(agency) && html`<a href="${urlOf(paths.directory(agency))}">下属机关</a>`,
  ].filter((link): link is Html => !!link);
  return links.length
    ? html`<p class="agency-place">${links.map((link, i) => html`${i ? ' · ' : ''}${link}`)}</p>`
    : '';
}

/** A column's standard entries: 指南, 制度, 法定主动公开内容, 年报, 依申请公开. */
const columnLinks = (agency: Agency, statutory = `${urlOf(paths.agencyHome(agency.id))}#statutory`) => html`
<li><a href="${urlOf(paths.agencyPage(agency.id, 'guide'))}">${agencyPages.guide}</a></li>
<li><a href="${urlOf(paths.agencyPage(agency.id, 'rules'))}">${agencyPages.rules}</a></li>
<li><a href="${statutory}">法定主动公开内容</a></li>
<li><a href="${urlOf(paths.agencyPage(agency.id, 'reports'))}">${agencyPages.reports}</a></li>
<li><a href="${urlOf(paths.agencyPage(agency.id, 'apply'))}">${agencyPages.apply}</a></li>`;

export function agencyHomePage(
  agency: Agency,
  latest: CatalogueEntry[],
  site: SiteContext,
  above: readonly Agency[] = [],
): string {
  const body = html`<p class="agency-name">${agency.name}</p><h1>政府信息公开专栏</h1>
${placeLinks(agency, above)}
<nav class="column" aria-label="专栏"><ul>${columnLinks(agency, '#statutory')}</ul></nav>
<section id="statutory" aria-labelledby="statutory-title"><h2 id="statutory-title">法定主动公开内容</h2>
<ul class="categories">${categoriesFor(agency.kind).map((c) => html`<li><a href="${urlOf(paths.listingHead(`category:${agency.id}:${c.slug}`))}">${c.name}</a> <small>${c.article}</small></li>`)}</ul></section>
<section aria-labelledby="latest-title"><h2 id="latest-title">最新公开</h2>${entryList(latest.slice(0, 10))}
<p><a href="${urlOf(paths.listingHead(`agency:${agency.id}`))}">全部信息</a> · <a href="${urlOf(paths.feed(`agency:${agency.id}`))}">订阅（Atom）</a></p></section>
${contactBlock(agency)}`;
  return sitePage(`${agency.name} 政府信息公开专栏`, body, {
    site,
    crumbs: columnCrumbs(agency, above),
    feed: urlOf(paths.feed(`agency:${agency.id}`)),
  });
}

/** The office's contact details (机构管理), where the agency has any: on its column's home and application page. */
function contactBlock(agency: Agency): Html | '' {
  const given = (Object.keys(contactLabels) as (keyof AgencyContact)[]).filter((k) => agency.contact?.[k]?.trim());
  if (!given.length) return '';
  return html`<section class="contact" aria-labelledby="contact-title"><h2 id="contact-title">政府信息公开工作机构联系方式</h2>
<dl>${given.map((k) => html`<dt>${contactLabels[k]}</dt><dd>${agency.contact![k]!}</dd>`)}</dl></section>`;
}

/** The guide and the rules (edited by the agency's administrators), the application entry, the reports. */
export function agencyPageHtml(
  agency: Agency,
  page: AgencyPage,
  content: { html?: string; reports?: { year: number; title: string; url: string; publishedOn: string }[] },
  site: SiteContext,
  above: readonly Agency[] = [],
): string {
  const crumbs: [string, string][] = [...columnCrumbs(agency, above, false), [agencyPages[page], '']];
  let body: Html;
  if (page === 'apply') {
    body = html`<h1>${agencyPages.apply}</h1>
<p>公民、法人或者其他组织可以向${agency.name}申请获取相关政府信息（《中华人民共和国政府信息公开条例》第二十七条）。</p>
<ol class="flow"><li>在线填写申请表，提交后取得受理编号和查询码；</li><li>本机关自收到申请之日起 20 个工作日内答复，需要延长的，延长期限最长不超过 20 个工作日；</li><li>凭受理编号和查询码查询办理进度、查看答复。</li></ol>
<p class="actions"><a class="button" href="/apply?agency=${agency.id}">在线申请</a> <a href="/apply/status">办理进度查询</a> <a href="/apply-form.html">打印申请表（书面申请）</a></p>
${contactBlock(agency)}`;
  } else if (page === 'reports') {
    body = html`<p class="agency-name">${agency.name}</p><h1>${agencyPages.reports}</h1>
<p class="lead">按照《中华人民共和国政府信息公开条例》第四十九条、第五十条，本机关每年公布上一年度政府信息公开工作年度报告。</p>
${
  content.reports?.length
    ? html`<table class="grid"><thead><tr><th scope="col">年度</th><th scope="col">报告</th><th scope="col">发布日期</th></tr></thead>
<tbody>${content.reports.map((r) => html`<tr><td>${r.year}年</td><td><a href="${r.url}">${r.title}</a></td><td>${r.publishedOn}</td></tr>`)}</tbody></table>`
    : html`<p>暂无已发布的年度报告。</p>`
}`;
  } else {
    body = html`<p class="agency-name">${agency.name}</p><h1>${agencyPages[page]}</h1><div class="rich-text">${rawSanitised(content.html ?? '')}</div>
${page === 'guide' ? html`<p class="no-print"><a href="/apply-form.html">政府信息公开申请表（书面申请用，可打印）</a></p>${contactBlock(agency)}` : ''}`;
  }
  return sitePage(`${agency.name} ${agencyPages[page]}`, body, {
    site,
    crumbs,
    meta: { column: { name: agencyPages[page], type: '政府信息公开' } },
  });
}

const rawSanitised = (text: string): Html => sanitised(text, sanitiseRichText);

export interface ItemPage {
  agency: Agency;
  itemId: string;
  indexNumber: string;
  version: PublishedVersion;
  attachments: { fileName: string; url: string; size: number }[];
  site: SiteContext;
  /** The governments above the agency, from the top down. */
  above?: readonly Agency[];
}

export function itemPage({ agency, indexNumber, version, attachments, site, above = [] }: ItemPage): string {
  const c = version.content;
  const category = categoryBySlug.get(c.category);
  const validity = c.validity
    ? c.validity.state === 'valid'
      ? '有效'
      : `已废止${c.validity.repealedOn ? `（${day(c.validity.repealedOn)}）` : ''}`
    : '';
  const row = (label: string, value: string | undefined) =>
    value ? html`<div class="row"><dt>${label}</dt><dd>${value}</dd></div>` : '';
  const body = html`<article class="item">
<dl class="facts metadata">
${row('索引号', indexNumber)}${row('主题分类', c.topic)}${row('发布机构', agency.name)}${row('成文日期', day(c.writtenOn))}
${row('文号', c.documentNumber)}${row('发布日期', day(version.publishedOn))}${row('有效性', validity)}${row('信息类别', category?.name)}
</dl>
<h1>${c.title}</h1>
${version.revisedOn ? html`<p class="notice">本信息于${day(version.revisedOn)}修订（第 ${version.revision} 版）。修订说明：${version.revisionNote ?? ''}</p>` : ''}
${c.summary ? html`<p class="summary"><strong>内容概述：</strong>${c.summary}</p>` : ''}
<div class="rich-text">${rawSanitised(c.bodyHtml)}</div>
${attachments.length ? html`<section aria-labelledby="files-title"><h2 id="files-title">附件</h2><ul class="files">${attachments.map((a) => html`<li><a href="${a.url}" download>${a.fileName}</a>（${Math.max(1, Math.round(a.size / 1024))} KB）</li>`)}</ul></section>` : ''}
</article>`;
  return sitePage(c.title, body, {
    site,
    description: plainText(c.summary || '') || `${agency.name}：${c.title}`,
    meta: {
      column: { name: category?.name ?? '政府信息公开', type: '政府信息公开' },
      article: { title: c.title, pubDate: version.revisedOn ?? version.publishedOn, source: agency.name },
    },
    crumbs: [
      ...columnCrumbs(agency, above, false),
      [category?.name ?? '信息', urlOf(paths.listingHead(`category:${agency.id}:${c.category}`))],
    ],
  });
}

export interface ListingPage {
  listing: Listing;
  title: string;
  crumbs: [string, string][];
  entries: CatalogueEntry[];
  /** Pages so far (the newest page is the last). */
  pages: number;
  /** Absent: the newest items (the listing's index page). */
  page?: number;
  site: SiteContext;
}

export function listingPage({ listing, title, crumbs, entries, pages, page, site }: ListingPage): string {
  const head = page === undefined;
  const link = (n: number) => urlOf(paths.listingPage(listing, n));
  const recent = Array.from({ length: Math.min(pages, 10) }, (_, i) => pages - i);
  const nav = head
    ? pages > 1
      ? html`<nav class="pager" aria-label="分页"><p>按发布先后分页：${recent.map((n) => html`<a href="${link(n)}">第 ${n} 页</a> `)}${pages > 10 ? html`… <a href="${link(1)}">第 1 页</a>` : ''}</p></nav>`
      : ''
    : html`<nav class="pager" aria-label="分页"><p>第 ${page} 页（共 ${pages} 页，每页 ${pageSize} 条，按发布先后排列）${page! > 1 ? html` <a href="${link(page! - 1)}" rel="prev">上一页</a>` : ''} <a href="${urlOf(paths.listingHead(listing))}">最新</a></p></nav>`;
  const body = html`<h1>${title}</h1>
${head ? html`<p class="lead">最新发布的 ${pageSize} 条信息。</p>` : ''}
${entryList(entries, { agency: listing === countyListing })}
${nav}`;
  return sitePage(head ? title : `${title}（第 ${page} 页）`, body, {
    site,
    crumbs,
    meta: { column: { name: title, type: '政府信息公开' } },
  });
}

const xml = (strings: TemplateStringsArray, ...values: unknown[]) => markupOf(html(strings, ...values));

/** An Atom feed of the newest items (RFC 4287). */
export function atomFeed(options: { title: string; siteUrl: string; path: string; entries: CatalogueEntry[] }): string {
  const { siteUrl, entries } = options;
  const updated = entries[0]?.revisedOn ?? entries[0]?.publishedOn ?? '2019-05-15';
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n` +
    xml`<feed xmlns="http://www.w3.org/2005/Atom">
<title>${options.title}</title>
<id>${siteUrl}/${options.path}</id>
<link rel="self" href="${siteUrl}/${options.path}"/>
<link rel="alternate" href="${siteUrl}/"/>
<updated>${updated}T00:00:00+08:00</updated>
${entries.map(
  (e) => html`<entry><title>${e.title}</title><id>${siteUrl}${entryUrl(e)}</id><link href="${siteUrl}${entryUrl(e)}"/>
<published>${e.publishedOn}T00:00:00+08:00</published><updated>${e.revisedOn ?? e.publishedOn}T00:00:00+08:00</updated>
<author><name>${e.agencyName}</name></author><summary>${e.summary || e.title}</summary></entry>`,
)}
</feed>`
  );
}

export function sitemap(siteUrl: string, urls: { path: string; lastmod?: string }[]): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n` +
    xml`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((u) => html`<url><loc>${siteUrl}${u.path}</loc>${u.lastmod ? html`<lastmod>${u.lastmod}</lastmod>` : ''}</url>`)}
</urlset>`
  );
}

export function sitemapIndex(siteUrl: string, parts: string[]): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n` +
    xml`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${parts.map((p) => html`<sitemap><loc>${siteUrl}/${p}</loc></sitemap>`)}
</sitemapindex>`
  );
}

/**
 * The catalogue's open data, field by field (README, "The site"): the JSON's names and the CSV's
 * columns. Nothing else of an entry (its search text, its place in the table) is published.
 */
const openDataFields = [
  ['indexNumber', '索引号'],
  ['title', '名称'],
  ['agencyName', '发布机构'],
  ['category', '信息类别'],
  ['topic', '主题分类'],
  ['documentNumber', '文号'],
  ['writtenOn', '成文日期'],
  ['publishedOn', '发布日期'],
  ['revisedOn', '修订日期'],
  ['validity', '有效性'],
  ['summary', '内容概述'],
  ['url', '网址'],
] as const;

/** The catalogue as open data: a CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese) and JSON. */
export function catalogueData(siteUrl: string, entries: CatalogueEntry[]): { json: string; csv: string } {
  const rows = entries.map((e) => ({
    id: e.itemId,
    agencyId: e.agencyId,
    ...Object.fromEntries(
      openDataFields.flatMap(([key]) => {
        const value =
          key === 'url'
            ? `${siteUrl}${entryUrl(e)}`
            : key === 'category'
              ? (categoryBySlug.get(e.category)?.name ?? e.category)
              : key === 'summary'
                ? plainText(e.summary)
                : e[key];
        return value === undefined ? [] : [[key, value]];
      }),
    ),
  })) as Record<string, string | undefined>[];
  const csv =
    '\uFEFF' +
    [
      openDataFields.map(([, label]) => csvCell(label)).join(','),
      ...rows.map((r) => openDataFields.map(([key]) => csvCell(r[key])).join(',')),
    ].join('\r\n') +
    '\r\n';
  return { json: JSON.stringify(rows, null, 1), csv };
}

/** Every category any agency's column has, in the statutory order. */
const allCategories = () => [
  ...new Map(agencyKinds.flatMap((kind) => categoriesFor(kind)).map((c) => [c.slug, c.name])).entries(),
];

/**
 * 信息检索: the form works with the script; without it, the page says how to browse the catalogue.
 * The agency filter names no agency: the script offers the directory's levels (/agencies/index.json),
 * then the agencies of the level chosen, a page of the directory at a time or filtered by name.
 */
export function searchPage(site: SiteContext): string {
  const body = html`<h1>信息检索</h1>
<form class="search-form" role="search" action="/search/" method="get">
<div class="field"><label for="q">检索词</label><input id="q" name="q" type="search" maxlength="100" placeholder="如：财政预算、露水河、抚政办函〔2017〕38号、索引号"></div>
<div class="filters">
<fieldset class="agency-filter"><legend>发布机构</legend>
<label>层级或地区 <select name="in" id="agency-scope"><option value="">全部机构</option></select></label>
<label class="agency-name-filter" hidden>机构名称 <input id="agency-name" type="search" maxlength="40" autocomplete="off" placeholder="输入名称筛选"></label>
<label>机构 <select name="agency" id="agency-choice"><option value="">全部</option></select></label>
<span id="agency-note" class="hint" aria-live="polite"></span>
</fieldset>
<label>信息类别 <select name="category"><option value="">全部</option>${allCategories().map(([slug, name]) => html`<option value="${slug}">${name}</option>`)}</select></label>
<label>年度 <input name="year" type="number" min="2000" max="2100" class="year"></label>
<label>排序 <select name="sort"><option value="relevance">按相关度</option><option value="date">按发布日期</option></select></label>
<button type="submit">检索</button></div>
</form>
<noscript><p class="notice">信息检索需要启用浏览器脚本。您也可以浏览<a href="/latest/">全部公开信息</a>，或从<a href="/agencies/">机构目录</a>进入各机关的政府信息公开专栏查看法定主动公开内容。</p></noscript>
<p id="search-status" role="status" aria-live="polite"></p>
<ol id="search-results" class="search-results"></ol>
<nav id="search-pages" class="pager" aria-label="检索结果分页"></nav>`;
  return sitePage('信息检索', body, {
    site,
    crumbs: [['信息检索', '']],
    script: '/assets/search.js',
    meta: { column: { name: '信息检索', type: '检索' } },
  });
}

/** 网站声明: whose site it is, what may be reused, and what is authoritative. */
export function statementPage(site: SiteContext): string {
  const owner = site.identity.sponsor ?? site.government;
  const body = html`<h1>网站声明</h1>
<div class="rich-text">
<p>本网站是${owner || '本级人民政府'}的政府信息公开平台，依据《中华人民共和国政府信息公开条例》公开政府信息、受理政府信息公开申请。</p>
<p>本网站公开的政府信息，除注明不得转载的外，可以转载、摘编，转载时请注明来源，不得歪曲原意。本网站所载信息以发布机关正式公布的文本为准；规范性文件的有效性以信息页面标注为准。</p>
<p>本网站不设商业广告，不链接商业网站。如发现本网站信息有误、链接失效或无法使用，请通过页面底部的“联系我们”${site.identity.siteCode ? '或“我为政府网站找错”' : ''}告知，我们将及时处理。</p>
</div>`;
  return sitePage('网站声明', body, {
    site,
    crumbs: [['网站声明', '']],
    meta: { column: { name: '网站声明', type: '网站声明' } },
  });
}

/** 隐私说明: what the application form asks, why, who sees it, how long, and what never becomes public. */
export function privacyPage(site: SiteContext): string {
  const body = html`<h1>隐私说明</h1>
<div class="rich-text">
<h2>收集哪些信息</h2>
<p>浏览本网站的公开信息和使用信息检索，不需要注册，不收集个人信息，不使用跟踪或统计类 Cookie。</p>
<p>在线提交政府信息公开申请时，需要填写申请人的姓名或名称、证件类型和号码、联系电话、通信地址、电子邮箱（选填）和所需信息，可上传身份证明等材料。这些信息是《中华人民共和国政府信息公开条例》第二十九条要求申请书载明的内容，仅用于办理申请、核对身份、送达告知书和答复。</p>
<h2>谁能看到</h2>
<p>申请只由受理机关负责政府信息公开工作的人员办理；上级机关监督时看到的证件号码、电话等已遮蔽。申请人的个人信息不会出现在本网站的任何公开页面、检索结果和开放数据中，也不写入系统日志。</p>
<h2>查询码和 Cookie</h2>
<p>查询码只在提交后显示一次，本网站只保存其不可逆的摘要。查看回执和办理进度时，浏览器会保存一个有效期不超过 30 分钟、仅用于该页面的 Cookie，关闭后即失效，不用于其他目的。</p>
<h2>保存期限</h2>
<p>申请材料和办理记录按照政府信息公开工作档案的有关规定保存，期满后依规处理。</p>
<p>对个人信息的处理有疑问的，请通过页面底部的“联系我们”与受理机关联系。</p>
</div>`;
  return sitePage('隐私说明', body, {
    site,
    crumbs: [['隐私说明', '']],
    meta: { column: { name: '隐私说明', type: '隐私说明' } },
  });
}

/**
 * 网站地图 for people: the top government's column and its sections, 机构目录 (which leads to every
 * other column), the services and the site's own pages, as links (the XML sitemap stays for search
 * engines, named in robots.txt and linked here). It lists no other agency, so it stays the same size
 * however many the portal has.
 */
export function siteMapPage(top: Agency | undefined, site: SiteContext): string {
  const column = (agency: Agency) => html`<li><a href="${urlOf(paths.agencyHome(agency.id))}">${agency.name}</a>
<ul>
<li><a href="${urlOf(paths.agencyPage(agency.id, 'guide'))}">${agencyPages.guide}</a></li>
<li><a href="${urlOf(paths.agencyPage(agency.id, 'rules'))}">${agencyPages.rules}</a></li>
<li>法定主动公开内容：${categoriesFor(agency.kind).map(
    (c, i) =>
      html`${i ? '、' : ''}<a href="${urlOf(paths.listingHead(categoryListing(agency.id, c.slug)))}">${c.name}</a>`,
  )}</li>
<li><a href="${urlOf(paths.listingHead(agencyListing(agency.id)))}">全部信息</a></li>
<li><a href="${urlOf(paths.agencyPage(agency.id, 'reports'))}">${agencyPages.reports}</a></li>
<li><a href="${urlOf(paths.agencyPage(agency.id, 'apply'))}">${agencyPages.apply}</a></li>
</ul></li>`;
  const body = html`<h1>网站地图</h1>
<section aria-labelledby="map-portal"><h2 id="map-portal">政府信息公开</h2>
<ul class="site-map">
<li><a href="/">首页</a></li>
<li><a href="/latest/">最新公开</a></li>
<li><a href="/search/">信息检索</a></li>
<li><a href="/statistics/">工作统计</a></li>
</ul></section>
<section aria-labelledby="map-columns"><h2 id="map-columns">政府信息公开专栏</h2>
<ul class="site-map">
${top ? column(top) : ''}
<li><a href="/agencies/">机构目录</a>：${top ? `${top.name}所属各部门和下级人民政府` : '各机关'}的政府信息公开专栏，按层级和地区排列</li>
</ul></section>
<section aria-labelledby="map-apply"><h2 id="map-apply">依申请公开</h2>
<ul class="site-map">
<li><a href="/apply">在线申请</a></li>
<li><a href="/apply/status">办理进度查询</a></li>
<li><a href="/apply/recover">重新获取查询码</a></li>
<li><a href="/apply-form.html">政府信息公开申请表（书面申请用，可打印）</a></li>
</ul></section>
<section aria-labelledby="map-site"><h2 id="map-site">本站</h2>
<ul class="site-map">
<li><a href="/statement.html">网站声明</a></li>
<li><a href="/privacy.html">隐私说明</a></li>
<li><a href="/data/index.json">开放数据</a>（JSON、CSV）</li>
<li><a href="/feed.xml">订阅最新公开（Atom）</a></li>
<li><a href="/sitemap.xml">XML 网站地图</a>（供搜索引擎使用）</li>
</ul></section>`;
  return sitePage('网站地图', body, {
    site,
    crumbs: [['网站地图', '']],
    meta: { column: { name: '网站地图', type: '网站地图' } },
    description: `${site.government || '本级人民政府'}政府信息公开平台的网站地图：政府信息公开专栏、机构目录、依申请公开和本站页面的链接。`,
  });
}

/** One level of a government's directory: the agencies of one kind directly under it. */
export interface DirectoryGroup {
  kind: AgencyKind;
  /** Its agencies in portal order (all of them: the pages are cut from it). */
  agencies: Agency[];
}

export interface Directory {
  /** The government whose subordinates are listed. */
  parent: Agency;
  /** The governments above it, from the top down. */
  above: readonly Agency[];
  groups: DirectoryGroup[];
  site: SiteContext;
}

export const directoryPages = (group: DirectoryGroup) =>
  Math.max(1, Math.ceil(group.agencies.length / directoryPageSize));
const directoryTitle = (parent: Agency) => (parent.parentId === null ? '机构目录' : `${parent.name}：下属机关`);

/** The directory's crumbs: 机构目录, then each government below the top on the way down, each to its own directory. */
function directoryCrumbs({ parent, above }: Pick<Directory, 'parent' | 'above'>, here: boolean): [string, string][] {
  const chain = [...above, parent];
  return chain.map((a, i): [string, string] => [
    a.parentId === null ? '机构目录' : a.name,
    here && i === chain.length - 1 ? '' : urlOf(paths.directory(a)),
  ]);
}

function directoryList(agencies: Agency[]): Html {
  return html`<ul class="directory-list">${agencies.map(
    (a) =>
      html`<li><a href="${urlOf(paths.agencyHome(a.id))}">${a.name}</a>${hasDirectory(a) ? html` <a class="subordinates" href="${urlOf(paths.directory(a))}" aria-label="${a.name}的下属机关">下属机关</a>` : ''}</li>`,
  )}</ul>`;
}

/** Links to a level's pages: the first ten, and the last. */
function directoryPager(parent: Agency, group: DirectoryGroup, current?: number): Html | '' {
  const pages = directoryPages(group);
  if (pages < 2) return '';
  const shown = [...new Set([...Array.from({ length: Math.min(pages, 10) }, (_, i) => i + 1), pages])];
  const link = (n: number) => urlOf(paths.directoryPage(parent.id, group.kind, n));
  return html`<nav class="pager" aria-label="${agencyKindLabels[group.kind]}分页"><p>共 ${group.agencies.length} 个，每页 ${directoryPageSize} 个：${
    current && current > 1 ? html`<a href="${link(current - 1)}" rel="prev">上一页</a> ` : ''
  }${shown.map((n, i) =>
    n === current
      ? html`${i && n - shown[i - 1]! > 1 ? '… ' : ''}<span aria-current="page">第 ${n} 页</span> `
      : html`${i && n - shown[i - 1]! > 1 ? '… ' : ''}<a href="${link(n)}">第 ${n} 页</a> `,
  )}${current && current < pages ? html`<a href="${link(current + 1)}" rel="next">下一页</a>` : ''}</p></nav>`;
}

/** Agencies a government's directory shows before the way to each level's pages: its first page. */
const directoryPreview = 20;

/**
 * 机构目录 of a government: its own column, then its first 20 agencies in portal order (the order its
 * administrators give them), under their levels (its departments, the governments below it), and the
 * way to every level's pages with its count. However many agencies it has, the page shows 20.
 */
export function directoryPage(directory: Directory): string {
  const { parent, groups, site } = directory;
  let budget = directoryPreview;
  const shown = groups.map((group) => {
    const first = group.agencies.slice(0, budget);
    budget -= first.length;
    return first;
  });
  const title = directoryTitle(parent);
  const body = html`<h1>${title}</h1>
<p class="lead">${parent.name}${parent.parentId === null ? '及其所属各部门和下级人民政府' : '所属各部门和下级机关'}的政府信息公开专栏，按层级排列。</p>
<p><a href="${urlOf(paths.agencyHome(parent.id))}">${parent.name}政府信息公开专栏</a>${
    directory.above.length
      ? html` · 上级：<a href="${urlOf(paths.directory(directory.above.at(-1)!))}">${directory.above.at(-1)!.name}</a>`
      : ''
  }</p>
${
  groups.length
    ? groups.map(
        (
          group,
          i,
        ) => html`<section aria-labelledby="level-${group.kind}"><h2 id="level-${group.kind}">${agencyKindLabels[group.kind]}（${group.agencies.length} 个）</h2>
${shown[i]!.length ? directoryList(shown[i]!) : ''}
${
  group.agencies.length > shown[i]!.length
    ? html`<p class="more"><a href="${urlOf(paths.directoryPage(parent.id, group.kind, 1))}">查看全部 ${group.agencies.length} 个${agencyKindLabels[group.kind]}</a>（每页 ${directoryPageSize} 个，共 ${directoryPages(group)} 页）</p>`
    : ''
}</section>`,
      )
    : html`<p>暂无下属机关。</p>`
}`;
  return sitePage(title, body, {
    site,
    crumbs: directoryCrumbs(directory, true),
    meta: { column: { name: '机构目录', type: '机构目录' } },
    description: `${parent.name}所属各机关的政府信息公开专栏目录。`,
  });
}

/** One page of a level of the directory: `directoryPageSize` agencies, and the way to the others. */
export function directoryLevelPage(directory: Directory, group: DirectoryGroup, page: number): string {
  const { parent, site } = directory;
  const label = agencyKindLabels[group.kind];
  const title = `${parent.name}：${label}（第 ${page} 页）`;
  const body = html`<h1>${parent.name}：${label}</h1>
<p class="lead">共 ${group.agencies.length} 个，第 ${page} 页，共 ${directoryPages(group)} 页。</p>
${directoryList(group.agencies.slice((page - 1) * directoryPageSize, page * directoryPageSize))}
${directoryPager(parent, group, page) || html`<p><a href="${urlOf(paths.directory(parent))}">返回${directoryTitle(parent)}</a></p>`}`;
  return sitePage(title, body, {
    site,
    crumbs: [...directoryCrumbs(directory, false), [`${label}（第 ${page} 页）`, '']],
    meta: { column: { name: '机构目录', type: '机构目录' } },
    description: `${parent.name}所属${label}的政府信息公开专栏目录，第 ${page} 页。`,
  });
}

/** An agency as the directory's JSON gives it: its name, its column, and its own directory if it has one. */
const directoryEntry = (a: Agency) => ({
  id: a.id,
  name: a.name,
  url: urlOf(paths.agencyHome(a.id)),
  ...(hasDirectory(a) && { directory: urlOf(paths.directory(a, 'json')) }),
});

/**
 * The directory as JSON, for the search page's agency filter: the government and its levels (each
 * with its count and pages), then each level's pages of agencies.
 */
export function directoryData(directory: Directory): { index: string; pages: Map<string, string> } {
  const { parent, groups } = directory;
  const index = {
    ...directoryEntry(parent),
    pageSize: directoryPageSize,
    levels: groups.map((group) => ({
      kind: group.kind,
      label: agencyKindLabels[group.kind],
      count: group.agencies.length,
      pages: Array.from({ length: directoryPages(group) }, (_, i) =>
        urlOf(paths.directoryPage(parent.id, group.kind, i + 1, 'json')),
      ),
    })),
  };
  const pages = new Map<string, string>();
  for (const group of groups)
    for (let page = 1; page <= directoryPages(group); page++)
      pages.set(
        paths.directoryPage(parent.id, group.kind, page, 'json'),
        JSON.stringify({
          agencies: group.agencies.slice((page - 1) * directoryPageSize, page * directoryPageSize).map(directoryEntry),
        }),
      );
  return { index: JSON.stringify(index), pages };
}

/**
 * 政府信息公开申请表 for written applications: the fields 条例29 asks for, as blanks that print on
 * one A4 sheet (the masthead, footer and links are left off the print).
 */
export function applicationSheetPage(site: SiteContext): string {
  // Cells, not rows: each row is written once, so a group's heading spans exactly its own rows.
  const wide = (label: string) => html`<th scope="row">${label}</th><td colspan="3"></td>`;
  const pair = (a: string, b: string) => html`<th scope="row">${a}</th><td></td><th scope="row">${b}</th><td></td>`;
  /** A group of rows (申请人信息, 所需信息…) in a body of its own, its heading spanning them all. */
  const group = (heading: Html, rows: Html[], className = '') =>
    html`<tbody${className ? html` class="${className}"` : ''}>${rows.map(
      (cells, i) =>
        html`<tr>${i === 0 ? html`<th scope="rowgroup" rowspan="${rows.length}" class="group">${heading}</th>` : ''}${cells}</tr>`,
    )}</tbody>`;
  const body = html`<article class="application-sheet">
<h1>政府信息公开申请表</h1>
<p class="no-print">本表供书面申请使用：打印后填写，邮寄或送至受理机关的政府信息公开工作机构。也可<a href="/apply">在线申请</a>。</p>
<div class="report-scroll" role="region" tabindex="0" aria-label="申请表"><table class="sheet-table">
<colgroup><col class="group-column"><col class="label-column"><col class="value-column"><col class="label-column"><col class="value-column"></colgroup>
${group(html`申请人信息<br>（公民）`, [pair('姓名', '证件名称'), pair('证件号码', '联系电话'), pair('电子邮箱', '邮政编码'), wide('通信地址')])}
${group(html`申请人信息<br>（法人或其他组织）`, [
  pair('名称', '统一社会信用代码'),
  pair('法定代表人或负责人', '联系人'),
  pair('联系电话', '电子邮箱'),
  wide('通信地址'),
])}
${group(html`所需信息`, [
  wide('受理机关'),
  wide('所需信息的名称'),
  wide('文号（如知道）'),
  html`<th scope="row">特征性描述</th><td colspan="3" class="tall"></td>`,
])}
${group(html`提供方式`, [
  html`<th scope="row">载体形式</th><td colspan="3">□ 纸质文本　□ 电子邮件　□ 光盘　□ 其他</td>`,
  html`<th scope="row">获取方式</th><td colspan="3">□ 邮寄　□ 电子邮件　□ 自行领取　□ 当场阅读、抄录</td>`,
])}
<tbody><tr><th scope="row" colspan="2" class="group">申请人签名（盖章）</th><td class="signature"></td><th scope="row">申请日期</th><td>　　年　　月　　日</td></tr></tbody>
</table></div>
<p class="sheet-note">说明：1. 公民申请的，请附身份证明复印件；法人或其他组织申请的，请附统一社会信用代码证明复印件。2. 一份申请表只申请一项政府信息。3. 本机关自收到申请之日起 20 个工作日内答复，需要延长的，延长期限最长不超过 20 个工作日（《中华人民共和国政府信息公开条例》第三十三条）。</p>
<p class="actions no-print"><span class="print-hint">使用浏览器的“打印”功能打印本表（A4 纸一页）。</span></p>
</article>`;
  return sitePage('政府信息公开申请表', body, {
    site,
    crumbs: [['政府信息公开申请表', '']],
    meta: { column: { name: '依申请公开', type: '政府信息公开' } },
  });
}
