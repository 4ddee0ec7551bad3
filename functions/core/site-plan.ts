/**
 * The public site's shape, and which of its files one change touches. Listings are paged from the
 * oldest item (page 1 holds the first 20 ever published), so a new item lands on the last page and
 * never shifts the others: publishing, revising or withdrawing one item rewrites a fixed handful of
 * files whatever the number of items already published.
 */
import { isGovernment, type Agency, type AgencyKind } from './agency.ts';
import { categoriesFor } from './categories.ts';

export const pageSize = 20;
/** Items per sitemap part and per open-data file (by county-wide sequence). */
export const partSize = 100;
/**
 * Parts listed per sitemap index and per open-data index file: an index a new part rewrites stays
 * small however large the catalogue (the first of each is the one a county ever has; robots.txt and
 * the first data index list the others).
 */
export const partsPerIndex = 100;

/** A listing: the county's, an agency's, or an agency's category. */
export type Listing = 'county' | `agency:${string}` | `category:${string}:${string}`;
export const countyListing: Listing = 'county';
export const agencyListing = (agencyId: string): Listing => `agency:${agencyId}`;
export const categoryListing = (agencyId: string, category: string): Listing => `category:${agencyId}:${category}`;

/** An item's agency listings: its agency's and its category's. */
export const agencyListingsOf = (agencyId: string, category: string): Listing[] => [
  agencyListing(agencyId),
  categoryListing(agencyId, category),
];
/**
 * The listings an item appears in, placed by the renderer (the site's one writer) when it renders the
 * step's task (an import's: its slice's), so no approval or import contends for a listing's number.
 */
export const listingsOf = (agencyId: string, category: string): Listing[] => [
  countyListing,
  ...agencyListingsOf(agencyId, category),
];

/** Where an item sits in one listing. */
export interface Position {
  listing: Listing;
  seq: number;
}

export const pageOf = (seq: number) => Math.ceil(seq / pageSize);
export const partOf = (seq: number) => Math.ceil(seq / partSize);
export const indexOf = (part: number) => Math.ceil(part / partsPerIndex);

export type RenderTarget =
  /** The portal's home: the top government's own columns, the way into the directory, the newest items. */
  | { kind: 'home' }
  /** The site's own pages (网站声明, 隐私说明, the printable 申请表, 网站地图): nothing on them changes with an item. */
  | { kind: 'sitePages' }
  /**
   * 机构目录 of the agencies directly under `agencyId` (a government): its index, each level's pages
   * (HTML, and JSON for the search page's agency filter) and their sitemap parts.
   */
  | { kind: 'directory'; agencyId: string }
  | { kind: 'agencyHome'; agencyId: string }
  | { kind: 'agencyPage'; agencyId: string; page: AgencyPage }
  | { kind: 'item'; itemId: string }
  /** The item's places in every listing it belongs to: taken, rewritten or given up as it now stands; then those listings' files. */
  | { kind: 'listings'; itemId: string }
  /** Its place in the county listing only (an item imported before the renderer placed imported rows: its import reserved its agency places). */
  | { kind: 'county'; itemId: string }
  | { kind: 'listingHead'; listing: Listing }
  | { kind: 'listingPage'; listing: Listing; page: number }
  | { kind: 'feed'; listing: Listing }
  | { kind: 'sitemapPart'; part: number }
  /** Sitemap index `index` (1: sitemap.xml, with the parts of pages and reports). */
  | { kind: 'sitemapIndex'; index: number }
  /** robots.txt, naming every sitemap index. */
  | { kind: 'robots' }
  /** The agency's reports' sitemap part (none: a task from before each agency had its own, every agency's). */
  | { kind: 'sitemapReports'; agencyId?: string }
  | { kind: 'dataPart'; part: number }
  /** Open-data index `index` (1: data/index.json, which also lists the others). */
  | { kind: 'dataIndex'; index: number }
  | { kind: 'searchDelta' }
  /** The fold; `full` (the rebuild) writes every file, not only those that changed. */
  | { kind: 'searchBase'; full?: boolean }
  | { kind: 'searchPage' }
  | { kind: 'report'; agencyId: string; year: number }
  /**
   * Every page whose footer carries the agency's site identity (主办单位, 网站标识码 …): the renderer
   * queues them (renderer/footer.ts), the whole site for the portal's top government.
   */
  | { kind: 'footer'; agencyId: string }
  /** 工作统计: the page and open data of this year and last, from the counters (the sweep, daily). */
  | { kind: 'statistics' };

export const agencyPages = {
  guide: '政府信息公开指南',
  rules: '政府信息公开制度',
  apply: '依申请公开',
  reports: '政府信息公开年报',
} as const;
export type AgencyPage = keyof typeof agencyPages;

/** The position opens a new sitemap and open-data part: only then do their indexes change. */
export const opensPart = (seq: number) => (seq - 1) % partSize === 0;

/**
 * Every file one item's change touches: its page; in each listing it was or is in, the newest page
 * and the page holding it; the agency's and the county's feeds; its sitemap part and open-data part
 * (and their indexes, when it opens a new part, one publication in `partSize`); the search index's
 * delta; the county home and the agency's column home (each shows the newest items). The listings'
 * files follow from its `listings` target, once the renderer has placed the item (`placeTargets`).
 */
export const targetsFor = (itemId: string): RenderTarget[] => [
  { kind: 'item', itemId },
  { kind: 'home' },
  { kind: 'listings', itemId },
];

/** The files an item's place in one listing touches. */
export function placeTargets({ listing, seq }: Position): RenderTarget[] {
  if (listing === countyListing) return countyTargets(seq);
  return [
    { kind: 'listingHead', listing },
    { kind: 'listingPage', listing, page: pageOf(seq) },
    ...(listing.startsWith('agency:')
      ? [{ kind: 'feed', listing } as const, { kind: 'agencyHome', agencyId: listing.slice('agency:'.length) } as const]
      : []),
  ];
}

/** The county listing's files an item's place at `seq` touches (the indexes too when it opens a part). */
export function countyTargets(seq: number): RenderTarget[] {
  return [
    { kind: 'listingHead', listing: countyListing },
    { kind: 'listingPage', listing: countyListing, page: pageOf(seq) },
    { kind: 'feed', listing: countyListing },
    { kind: 'sitemapPart', part: partOf(seq) },
    { kind: 'dataPart', part: partOf(seq) },
    { kind: 'searchDelta' },
    ...(opensPart(seq) ? indexTargets(partOf(seq)) : []),
  ];
}

/** The indexes a new part is listed in: its own index files, and when it opens an index, what lists those. */
function indexTargets(part: number): RenderTarget[] {
  const index = indexOf(part);
  const opensIndex = (part - 1) % partsPerIndex === 0 && index > 1;
  // robots.txt (a few lines) with every new part: a site from before it gets one soon.
  return [
    { kind: 'sitemapIndex', index },
    { kind: 'dataIndex', index },
    { kind: 'robots' },
    ...(opensIndex ? [{ kind: 'dataIndex', index: 1 } as const] : []),
  ];
}

/** Agencies on one page of the directory (机构目录), by level, in portal order. */
export const directoryPageSize = 30;

/** A government has a directory of the agencies under it (kept even while it has none, so its links hold). */
export const hasDirectory = (agency: Pick<Agency, 'kind'>) => isGovernment(agency.kind);

export const targetKey = (target: RenderTarget) => JSON.stringify(target);
export const dedupe = (targets: RenderTarget[]) => [...new Map(targets.map((t) => [targetKey(t), t])).values()];

/** The site bucket keys (and so the URLs) of each page. */
export const paths = {
  home: () => 'index.html',
  /** 网站声明 and 隐私说明, written with the home. */
  statement: () => 'statement.html',
  privacy: () => 'privacy.html',
  /** The printable 申请表, written with the home. */
  applicationSheet: () => 'apply-form.html',
  /** 网站地图 for people (the XML sitemap is for search engines), written with the home. */
  siteMap: () => 'sitemap.html',
  agencyHome: (agencyId: string) => `${agencyId}/index.html`,
  agencyPage: (agencyId: string, page: AgencyPage) =>
    page === 'reports' ? `${agencyId}/reports/index.html` : `${agencyId}/${page}.html`,
  item: (agencyId: string, itemId: string) => `${agencyId}/items/${itemId}.html`,
  /** From ids and the type's extension only: the file's own name is in its Content-Disposition, never its key. */
  attachment: (agencyId: string, itemId: string, attachmentId: string, extension: string) =>
    `${agencyId}/files/${itemId}/${attachmentId}.${extension}`,
  listingDir: (listing: Listing) => {
    if (listing === countyListing) return 'latest';
    const [, agencyId, category] = listing.split(':');
    return category ? `${agencyId}/${category}` : `${agencyId}/latest`;
  },
  listingHead: (listing: Listing) => `${paths.listingDir(listing)}/index.html`,
  listingPage: (listing: Listing, page: number) => `${paths.listingDir(listing)}/p${page}.html`,
  feed: (listing: Listing) => (listing === countyListing ? 'feed.xml' : `${listing.split(':')[1]}/feed.xml`),
  sitemapIndex: (index = 1) => (index === 1 ? 'sitemap.xml' : `sitemaps/index-${index}.xml`),
  robots: () => 'robots.txt',
  sitemapPart: (part: number) => `sitemaps/${part}.xml`,
  sitemapStatic: () => 'sitemaps/pages.xml',
  /** The reports' part of every agency, before each had its own: removed by the first render of one. */
  sitemapReports: () => 'sitemaps/reports.xml',
  dataIndex: (index = 1) => (index === 1 ? 'data/index.json' : `data/index-${index}.json`),
  dataPart: (part: number, format: 'json' | 'csv') => `data/catalogue-${part}.${format}`,
  searchPage: () => 'search/index.html',
  /**
   * 机构目录 of the agencies under a government: the top government's at the site's /agencies/,
   * any other's under its id; each level's pages beneath, as HTML and as JSON (the search page's
   * agency filter reads those, a page at a time).
   */
  directory: (agency: Pick<Agency, 'id' | 'parentId'>, format: 'html' | 'json' = 'html') =>
    agency.parentId === null ? `agencies/index.${format}` : `agencies/${agency.id}/index.${format}`,
  directoryPage: (agencyId: string, kind: AgencyKind, page: number, format: 'html' | 'json' = 'html') =>
    `agencies/${agencyId}/${kind}/p${page}.${format}`,
  /**
   * Sitemap parts of the columns each page of a government's directory lists, and of each agency's
   * reports; the sitemap index naming them all (robots.txt names it).
   */
  sitemapDirectoryOf: (agencyId: string) => `sitemaps/agencies/${agencyId}/`,
  sitemapDirectory: (agencyId: string, kind: AgencyKind, page: number) =>
    `${paths.sitemapDirectoryOf(agencyId)}${kind}-${page}.xml`,
  sitemapAgencyReports: (agencyId: string) => `sitemaps/reports/${agencyId}.xml`,
  sitemapAgencies: () => 'sitemaps/agencies.xml',
  /** 工作统计: the current year at the directory's index, earlier years by their number. */
  statisticsPage: (year: number, current: number) =>
    year === current ? 'statistics/index.html' : `statistics/${year}.html`,
  statisticsData: (year: number, format: 'json' | 'csv') => `data/statistics-${year}.${format}`,
  reportDir: (agencyId: string, year: number) => `${agencyId}/reports/${year}/`,
  report: (agencyId: string, year: number, file: 'index.html' | 'report.json' | 'report.csv') =>
    `${agencyId}/reports/${year}/${file}`,
};

/** A site path as a URL path: directory indexes end in a slash; every segment is encoded. */
export const urlOf = (path: string) =>
  `/${path
    .replace(/(^|\/)index\.html$/, '$1')
    .split('/')
    .map(encodeURIComponent)
    .join('/')}`;

/**
 * The pages an agency's profile shows on (its name, its contacts, its place in the portal's
 * directory): its column's home, pages, listings and feed; its parent's directory (and the one it
 * left, when it moved); its own directory, if it is a government. The top government's name and
 * settings frame every page: its change rewrites the home, the site's own pages and the search page
 * too. Nothing else lists agencies. Item pages keep the name they were published under until the
 * site is rebuilt.
 */
export function agencyProfileTargets(
  agency: Pick<Agency, 'id' | 'kind' | 'parentId'>,
  before?: Pick<Agency, 'parentId'>,
): RenderTarget[] {
  const parents = [agency.parentId, before?.parentId].filter((id): id is string => !!id);
  return dedupe([
    ...(agency.parentId === null
      ? [{ kind: 'home' } as const, { kind: 'sitePages' } as const, { kind: 'searchPage' } as const]
      : []),
    ...parents.map((id) => ({ kind: 'directory' as const, agencyId: id })),
    ...(hasDirectory(agency) ? [{ kind: 'directory' as const, agencyId: agency.id }] : []),
    { kind: 'agencyHome', agencyId: agency.id },
    ...(Object.keys(agencyPages) as AgencyPage[]).map((page) => ({
      kind: 'agencyPage' as const,
      agencyId: agency.id,
      page,
    })),
    { kind: 'listingHead', listing: agencyListing(agency.id) },
    { kind: 'feed', listing: agencyListing(agency.id) },
    ...categoriesFor(agency.kind).map((c) => ({
      kind: 'listingHead' as const,
      listing: categoryListing(agency.id, c.slug),
    })),
  ]);
}
