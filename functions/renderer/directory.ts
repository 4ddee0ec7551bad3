/**
 * 机构目录 and the agencies' sitemap: a government's directory pages (HTML and JSON, a page per
 * level), a sitemap part per directory page naming the columns it lists, each agency's part naming
 * its reports, and the sitemap index that lists those parts; with the paths of a column and of the
 * portal's own pages that the sitemaps name.
 */
import { agencyKinds, type Agency } from '#core/agency.ts';
import { categoriesFor } from '#core/categories.ts';
import {
  directoryData,
  directoryLevelPage,
  directoryPage,
  directoryPages,
  sitemap,
  sitemapIndex,
} from '#core/pages/site.ts';
import { reportTitle } from '#core/pages/report.ts';
import {
  agencyListing,
  agencyPages,
  categoryListing,
  countyListing,
  directoryPageSize,
  hasDirectory,
  paths,
  urlOf,
  type AgencyPage,
} from '#core/site-plan.ts';
import { beijingDateTime } from '#core/dates.ts';
import { agencyChildren } from '#store/agencies.ts';
import { listReports } from '#store/reports.ts';
import { concurrency, inPool, readJson, readText, type Pass } from './pass.ts';

/**
 * The portal's own pages for the XML sitemap: the home, the site map, the search page, 工作统计, the
 * directory's first page and the top government's column. Every other column is in the part of the
 * directory page that lists it (`sitemapDirectory`), so no file lists every agency.
 */
export function portalPaths(top: Agency | undefined): string[] {
  const year = Number(beijingDateTime(new Date()).date.slice(0, 4));
  return [
    paths.home(),
    paths.siteMap(),
    paths.searchPage(),
    paths.listingHead(countyListing),
    paths.statisticsPage(year, year),
    ...(top ? [paths.directory(top), ...columnPaths(top)] : []),
  ];
}

/** A column's pages the XML sitemap names: its home, pages, listing of everything and category listings. */
const columnPaths = (agency: Agency) => [
  paths.agencyHome(agency.id),
  ...(Object.keys(agencyPages) as AgencyPage[]).map((p) => paths.agencyPage(agency.id, p)),
  paths.listingHead(agencyListing(agency.id)),
  ...categoriesFor(agency.kind).map((c) => paths.listingHead(categoryListing(agency.id, c.slug))),
];

/** What a directory's JSON index says of its levels (read back to remove pages a level no longer has). */
type DirectoryIndex = { levels?: { kind: string; pages: string[] }[] };

/**
 * 机构目录 of the agencies directly under `agencyId`: its page, each level's pages as HTML and JSON, and
 * a sitemap part per page naming the columns it lists; pages a level no longer fills are removed,
 * and the sitemap index of the directory's parts is brought up to date. Reads only the agencies
 * under it (and the governments above it), however many the portal has.
 */
export async function renderDirectory(pass: Pass, agencyId: string): Promise<void> {
  const parent = await pass.agency(agencyId);
  if (!hasDirectory(parent)) return;
  const [above, children, site, siteUrl, before] = await Promise.all([
    pass.above(parent),
    agencyChildren(parent.id),
    pass.site(),
    pass.siteUrl(),
    readJson<DirectoryIndex>(paths.directory(parent, 'json')),
  ]);
  // Each level in portal order (its agencies by theirs, as the index keeps them), the levels by their first.
  const groups = agencyKinds
    .map((kind) => ({ kind, agencies: children.filter((a) => a.kind === kind) }))
    .filter((group) => group.agencies.length)
    .sort((a, b) => a.agencies[0]!.order - b.agencies[0]!.order);
  const directory = { parent, above, groups, site };
  const data = directoryData(directory);
  const parts: string[] = [];
  const writes: (() => Promise<void>)[] = [
    () => pass.put(paths.directory(parent), directoryPage(directory), 'html'),
    () => pass.put(paths.directory(parent, 'json'), data.index, 'json'),
    ...[...data.pages].map(
      ([key, body]) =>
        () =>
          pass.put(key, body, 'json'),
    ),
  ];
  for (const group of groups)
    for (let page = 1; page <= directoryPages(group); page++) {
      const part = paths.sitemapDirectory(parent.id, group.kind, page);
      parts.push(part);
      const listed = group.agencies.slice((page - 1) * directoryPageSize, page * directoryPageSize);
      writes.push(
        () =>
          pass.put(
            paths.directoryPage(parent.id, group.kind, page),
            directoryLevelPage(directory, group, page),
            'html',
          ),
        () =>
          pass.put(
            part,
            sitemap(
              siteUrl,
              listed
                .flatMap((a) => [...(hasDirectory(a) ? [paths.directory(a)] : []), ...columnPaths(a)])
                .map((path) => ({ path: urlOf(path) })),
            ),
            'xml',
          ),
      );
    }
  // Pages a level had and no longer has (an agency moved or became another kind).
  const kept = new Set([...data.pages.keys()]);
  for (const level of before?.levels ?? [])
    for (let page = 1; page <= level.pages.length; page++) {
      const kind = level.kind as Agency['kind'];
      if (kept.has(paths.directoryPage(parent.id, kind, page, 'json'))) continue;
      writes.push(
        () => pass.remove(paths.directoryPage(parent.id, kind, page, 'json')),
        () => pass.remove(paths.directoryPage(parent.id, kind, page)),
        () => pass.remove(paths.sitemapDirectory(parent.id, kind, page)),
      );
    }
  await inPool(writes, concurrency, (write) => write());
  await listInAgenciesSitemap(pass, paths.sitemapDirectoryOf(parent.id), parts);
}

/**
 * An agency's published and archived reports, in a sitemap part of its own (none where it has none),
 * listed in the agencies' sitemap index: a report's publication reads that agency's reports alone.
 */
export async function renderReportsSitemap(pass: Pass, agency: Agency): Promise<void> {
  const reports = await publishedReports(agency);
  const part = paths.sitemapAgencyReports(agency.id);
  if (reports.length)
    await pass.put(
      part,
      sitemap(
        await pass.siteUrl(),
        reports.map((r) => ({ path: r.url, lastmod: r.publishedOn })),
      ),
      'xml',
    );
  else await pass.remove(part);
  await listInAgenciesSitemap(pass, part, reports.length ? [part] : []);
}

/**
 * The agencies' sitemap index (the directory's parts, each agency's reports): the parts under
 * `prefix` as they now are (`parts`), every other as it was. Read, changed and written under the
 * render lease, and serially within a pass, so two renders never write over each other's parts.
 */
function listInAgenciesSitemap(pass: Pass, prefix: string, parts: string[]): Promise<void> {
  return pass.serially(paths.sitemapAgencies(), async () => {
    const siteUrl = await pass.siteUrl();
    const listed = await readText(paths.sitemapAgencies());
    const others = [...(listed ?? '').matchAll(/<loc>([^<]*)<\/loc>/g)]
      .map((m) => m[1]!)
      .filter((loc) => loc.startsWith(`${siteUrl}/`))
      .map((loc) => loc.slice(siteUrl.length + 1))
      .filter((key) => !key.startsWith(prefix));
    await pass.put(paths.sitemapAgencies(), sitemapIndex(siteUrl, [...others, ...parts].sort()), 'xml');
  });
}

/** The column's list of every year's report, newest first. */
export async function publishedReports(agency: Agency) {
  return (await listReports(agency.id))
    .filter((r) => r.published || r.archive)
    .sort((a, b) => b.year - a.year)
    .map((r) => ({
      year: r.year,
      title: r.archive?.title ?? reportTitle(agency, r.year),
      url: urlOf(paths.reportDir(agency.id, r.year)),
      publishedOn: r.published?.on ?? r.archive!.publishedOn,
    }));
}
