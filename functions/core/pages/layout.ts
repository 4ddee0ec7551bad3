import { html, markupOf, type Html } from './html.ts';

/** A page of the platform; `sheet`: the body alone, without masthead and footer (a letter as staff preview it). */
export function document(title: string, body: Html, options: { script?: string; sheet?: boolean } = {}): string {
  return (
    '<!doctype html>\n' +
    markupOf(html`<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} - 政府信息公开</title>
<link rel="stylesheet" href="/assets/site.css">
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
${options.script && html`<script type="module" src="${options.script}"></script>`}
</head><body>
${
  options.sheet
    ? html`<main id="main" class="page sheet">${body}</main>`
    : html`<a class="skip" href="#main">跳到主要内容</a>
<header class="masthead"><a href="/">政府信息公开</a><nav aria-label="依申请公开"><a href="/apply/">在线申请</a><a href="/apply/status">办理进度查询</a></nav></header>
<main id="main" class="page">${body}</main>
<footer class="footer"><p>依据《中华人民共和国政府信息公开条例》提供在线申请服务。</p></footer>`
}
</body></html>`)
  );
}

/** What the public site answers for a page it does not have (never published, or withdrawn). */
export function notFoundPage(): string {
  return document(
    '页面不存在',
    html`<h1>页面不存在</h1>
<p>您访问的页面不存在，或该信息已撤销公开。</p>
<p><a href="/">返回首页</a> · <a href="/search/">信息检索</a></p>`,
  );
}
