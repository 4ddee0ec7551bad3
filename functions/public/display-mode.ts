/**
 * 长者模式 (the elder-friendly display) without script. The switch is a link: the preference goes into
 * a cookie (a display preference, nothing personal) and the visitor returns to the page the link was
 * on, by the Referer, on this site only. Which sheet `/assets/mode.css` is, the site's CloudFront
 * Function decides from the cookie (cdk/edge/site-request.js); where CloudFront runs no functions (the
 * AWS China regions) CloudFront asks `modeSheet` instead, caching each answer by the cookie.
 */
import { modeCookie, modeSheet } from '#core/pages/layout.ts';
import { redirect, Reply } from '#lib/reply.ts';
import { cachedSiteUrl } from '#store/site-config.ts';

const year = 365 * 24 * 3600;

/** GET /mode/{mode}: the preference kept (or cleared), back to the page it was chosen on. */
export async function switchMode(mode: 'elder' | 'standard', referer: string | undefined): Promise<Reply> {
  let back = '/';
  try {
    const site = new URL(await cachedSiteUrl());
    const from = referer ? new URL(referer) : undefined;
    if (from && from.host === site.host && !from.pathname.startsWith('//')) back = `${from.pathname}${from.search}`;
  } catch {}
  return redirect(back, [`${modeCookie}=${mode}; Path=/; Max-Age=${mode === 'elder' ? year : 0}; SameSite=Lax`]);
}

/** GET /api/site/mode-sheet: the elder sheet (by import) or nothing, by the cookie. */
export function modeSheetFor(cookies: string[]): Reply {
  const elder = cookies.some((c) => c.trim() === `${modeCookie}=elder`);
  return new Reply({
    statusCode: 200,
    headers: {
      'Content-Type': 'text/css; charset=utf-8',
      // Browsers revalidate on each page; CloudFront keeps each variant (its cache key holds the cookie).
      'Cache-Control': `${modeSheet.cacheControl}, s-maxage=86400`,
      // One address, a sheet per cookie: no shared cache between may hand one visitor's to another.
      Vary: modeSheet.vary,
    },
    body: elder ? '@import url("/assets/elder.css");\n' : '/* 标准模式 */\n',
  });
}
