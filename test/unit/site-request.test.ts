/**
 * The site's CloudFront Function (cdk/edge/site-request.js), as CloudFront and the local gateway run
 * it: addresses typed by hand, with the slash and without, reach their page.
 */
import { describe, expect, it } from 'vitest';
import { deployedRoutes, type RouteSpec } from '#routes';
import { siteRequestFunction } from '../../cdk/local/edge.ts';

const uriFor = (uri: string, cookies: Record<string, { value: string }> = {}) =>
  siteRequestFunction({ request: { uri, headers: {}, cookies } }).uri;

describe("the site's viewer-request function", () => {
  it.each([
    ['/search', '/search/index.html'],
    ['/search/', '/search/index.html'],
    ['/latest', '/latest/index.html'],
    ['/latest/', '/latest/index.html'],
    ['/lushuihe', '/lushuihe/index.html'],
    ['/lushuihe/', '/lushuihe/index.html'],
    ['/lushuihe/reports/2025', '/lushuihe/reports/2025/index.html'],
    ['/staff', '/staff/index.html'],
    ['/', '/index.html'],
  ])('serves the directory %s at its index', (typed, served) => {
    expect(uriFor(typed)).toBe(served);
  });

  it.each(['/lushuihe/items/0a1b.html', '/sitemap.xml', '/data/index.json', '/assets/site.css'])(
    'leaves the file %s as it is',
    (file) => {
      expect(uriFor(file)).toBe(file);
    },
  );

  it('serves every page a function renders with a slash after it as the page (/apply/ is /apply)', () => {
    const pages = (deployedRoutes as readonly RouteSpec[]).filter((r) => r.page && !r.path.startsWith('/api/'));
    const sections = [...new Set(pages.map((r) => r.path.split('/')[1]!))];

    expect(sections.length).toBeGreaterThan(0);
    for (const section of sections) expect(uriFor(`/${section}/`), section).toBe(`/${section}`);
    expect(uriFor('/apply/')).toBe('/apply');
    expect(uriFor('/apply/status/')).toBe('/apply/status');
    expect(uriFor('/apply/status/LSH-2026-00012')).toBe('/apply/status/LSH-2026-00012');
  });

  it('chooses the 长者模式 sheet by the cookie', () => {
    expect(uriFor('/assets/mode.css', { gk_mode: { value: 'elder' } })).toBe('/assets/elder.css');
    expect(uriFor('/assets/mode.css')).toBe('/assets/standard.css');
  });
});
