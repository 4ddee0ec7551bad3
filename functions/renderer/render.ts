/**
 * Renders the public site into the site bucket, target by target, from what the table holds. Steps
 * leave render tasks in their own transactions and return; the table's stream wakes this function,
 * whose `renderPending` works the queue under a lease, so one renderer at a time writes and the last
 * render of a file follows the last change to it. A task is deleted only after all its files are
 * written: a failure leaves it for the stream's retry, the next task, or the daily sweep's nudge.
 */
import { randomUUID } from 'node:crypto';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { agencyKinds, siteContextFor, type Agency } from '#core/agency.ts';
import { categoriesFor, categoryBySlug } from '#core/categories.ts';
import {
  agencyHomePage,
  agencyPageHtml,
  applicationSheetPage,
  atomFeed,
  catalogueData,
  columnCrumbs,
  directoryData,
  directoryLevelPage,
  directoryPage,
  directoryPages,
  homePage,
  itemPage,
  listingPage,
  privacyPage,
  siteMapPage,
  searchPage,
  statementPage,
  sitemap,
  sitemapIndex,
} from '#core/pages/site.ts';
import { catalogueEntry } from '#core/catalogue.ts';
import { attachmentTypes, contentDisposition } from '#core/publication.ts';
import {
  agencyListing,
  agencyPages,
  categoryListing,
  countyListing,
  countyTargets,
  dedupe,
  directoryPageSize,
  hasDirectory,
  indexOf,
  pageOf,
  pageSize,
  partOf,
  partSize,
  partsPerIndex,
  paths,
  urlOf,
  type AgencyPage,
  type Listing,
  type RenderTarget,
} from '#core/site-plan.ts';
import { archivedReportPage, reportData, reportPage, reportTitle } from '#core/pages/report.ts';
import { statisticsData, statisticsPage } from '#core/pages/statistics.ts';
import { compileStatistics } from '#core/statistics.ts';
import { beijingDateTime } from '#core/dates.ts';
import { getStatsOf } from '#store/stats.ts';
import { config, env } from '#lib/config.ts';
import { errorFields, log } from '#lib/log.ts';
import { s3 } from '#lib/s3.ts';
import { takingNumbers } from '#store/sequences.ts';
import { agencyChildren, getAgency, listAgencies, topAgency } from '#store/agencies.ts';
import { getAgencyPage } from '#store/agency-pages.ts';
import {
  countyEntriesAt,
  getCountyPosition,
  listingEntries,
  newestEntries,
  placeInCounty,
  readListingSequence,
  removeFromCounty,
} from '#store/listings.ts';
import { getPublication } from '#store/publications.ts';
import {
  deleteRenderTask,
  listRenderTasks,
  nudgeRenderer,
  releaseRenderLock,
  takeRenderLock,
  type RenderTask,
} from '#store/render-queue.ts';
import { clearSearchDelta, markPromoted, readSearchDelta, type SearchChanges } from '#store/search-delta.ts';
import { getSiteUrl } from '#store/site-config.ts';
import { journalSiteChanges } from '#store/inspection.ts';
import { getReport, listReports } from '#store/reports.ts';
import {
  docShards,
  files,
  postingShardOf,
  postingShards,
  type SearchRecord,
  type TierFiles,
} from '#web/search-core.js';
import { defaultGuide, defaultRules } from '#core/pages/default-pages.ts';
import { queueFooterPages } from './footer.ts';
import {
  buildBase,
  buildDelta,
  changedFiles,
  deltaLimit,
  digestOf,
  mergeDocs,
  mergedMeta,
  mergePostings,
  type WrittenFiles,
} from './search-index.ts';

const types = {
  html: 'text/html; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
} as const;

/** The parts index `index` lists, of the `last` there are. */
const partsListed = (index: number, last: number) =>
  Array.from(
    { length: Math.max(0, Math.min(last, index * partsPerIndex) - (index - 1) * partsPerIndex) },
    (_, i) => (index - 1) * partsPerIndex + i + 1,
  );

/**
 * Where a page is written: its key, and where CloudFront runs no function to add `index.html` to a
 * directory's address (the China regions, `SITE_DIRECTORY_KEYS=1`) the directory's own keys as well,
 * with its slash and without, which S3 serves for `/lushuihe/` and `/lushuihe` as they stand. The
 * site's root is CloudFront's default root object.
 */
const keysOf = (key: string) =>
  process.env[env.siteDirectoryKeys] === '1' && key.endsWith('/index.html')
    ? [key, key.slice(0, -'index.html'.length), key.slice(0, -'/index.html'.length)]
    : [key];

/** What one render pass needs more than once. */
class Pass {
  written = 0;
  bytes = 0;
  /** What the pass put and removed, for 自查's journal (the page's own key, not its directory copy). */
  changed = { put: new Set<string>(), removed: new Set<string>() };
  note(key: string, how: 'put' | 'removed') {
    this.changed[how === 'put' ? 'removed' : 'put'].delete(key);
    this.changed[how].add(key);
  }
  #siteUrl?: Promise<string>;
  #agency = new Map<string, Promise<Agency | undefined>>();
  #top?: Promise<Agency | undefined>;
  #serial = new Map<string, Promise<unknown>>();
  siteUrl = () => (this.#siteUrl ??= getSiteUrl());
  /**
   * The portal's top government: its name and settings frame every page (one item read, once a pass).
   * Where the directory index holds none (a table whose agencies were stored before it, not yet
   * migrated), it is looked for among them all, so no page loses its government's name.
   */
  top = () =>
    (this.#top ??= topAgency()
      .then(async (top) => top ?? (await listAgencies()).find((a) => a.parentId === null))
      .then((top) => {
        if (top) this.#agency.set(top.id, Promise.resolve(top));
        return top;
      }));
  /**
   * One agency as it is now (its pages show its settings), read once per pass and not from a cache:
   * a pass that follows an agency's creation or change must show it.
   */
  async agency(id: string) {
    if (!this.#agency.has(id)) this.#agency.set(id, getAgency(id));
    const agency = await this.#agency.get(id)!;
    if (!agency) throw new Error(`unknown agency ${id}`);
    return agency;
  }
  /** The governments above an agency, from the top down (a read per level, each once a pass). */
  async above(agency: Agency): Promise<Agency[]> {
    const chain: Agency[] = [];
    const seen = new Set([agency.id]);
    for (let id = agency.parentId; id && !seen.has(id); id = chain[0]!.parentId) {
      seen.add(id);
      chain.unshift(await this.agency(id));
    }
    return chain;
  }
  /**
   * What a page of `agencyId`'s column (none: a portal page) says of the site: footer, title,
   * metadata. From the top government and the page's own agency only, however many the portal has.
   */
  site = async (agencyId?: string) => {
    const own = agencyId ? await this.agency(agencyId) : undefined;
    const top = own ? ((await this.above(own))[0] ?? own) : await this.top();
    return siteContextFor(
      [top, own].filter((a): a is Agency => !!a),
      agencyId,
      await this.siteUrl(),
    );
  };
  /** Runs `work` after the pass's earlier work on `key` (a file read, changed and written again). */
  serially<T>(key: string, work: () => Promise<T>): Promise<T> {
    const run = (this.#serial.get(key) ?? Promise.resolve()).then(work, work);
    this.#serial.set(
      key,
      run.catch(() => undefined),
    );
    return run;
  }
  async put(key: string, body: string, type: keyof typeof types) {
    this.note(key, 'put');
    for (const at of keysOf(key)) {
      await s3.send(
        new PutObjectCommand({
          Bucket: config.siteBucket(),
          Key: at,
          Body: body,
          ContentType: types[type],
          CacheControl: 'max-age=300',
        }),
      );
      this.written += 1;
      this.bytes += Buffer.byteLength(body);
    }
  }
  async remove(key: string) {
    this.note(key, 'removed');
    for (const at of keysOf(key)) {
      await s3.send(new DeleteObjectCommand({ Bucket: config.siteBucket(), Key: at }));
      this.written += 1;
    }
  }
}

async function listingMeta(pass: Pass, listing: Listing): Promise<{ title: string; crumbs: [string, string][] }> {
  if (listing === countyListing) return { title: '最新公开', crumbs: [['最新公开', '']] };
  const [, agencyId, category] = listing.split(':');
  const agency = await pass.agency(agencyId!);
  const column = columnCrumbs(agency, await pass.above(agency), false);
  if (!category) return { title: `${agency.name}：全部信息`, crumbs: [...column, ['全部信息', '']] };
  const name = categoryBySlug.get(category)?.name ?? category;
  return { title: `${agency.name}：${name}`, crumbs: [...column, [name, '']] };
}

/** Entries by 发布日期 (1: oldest first), keeping the listing's order among those of one date. */
const byDate = <T extends { publishedOn: string }>(entries: T[], order: 1 | -1) =>
  entries.toSorted((a, b) => order * a.publishedOn.localeCompare(b.publishedOn));

async function render(pass: Pass, target: RenderTarget): Promise<void> {
  switch (target.kind) {
    case 'home':
      return pass.put(
        paths.home(),
        homePage(await pass.top(), await newestEntries(countyListing, 10, true), await pass.site()),
        'html',
      );
    case 'sitePages': {
      const site = await pass.site();
      await Promise.all([
        pass.put(paths.statement(), statementPage(site), 'html'),
        pass.put(paths.privacy(), privacyPage(site), 'html'),
        pass.put(paths.applicationSheet(), applicationSheetPage(site), 'html'),
        pass.put(paths.siteMap(), siteMapPage(await pass.top(), site), 'html'),
      ]);
      return;
    }
    case 'directory':
      return renderDirectory(pass, target.agencyId);
    case 'agencyHome': {
      const agency = await pass.agency(target.agencyId);
      return pass.put(
        paths.agencyHome(agency.id),
        agencyHomePage(
          agency,
          await newestEntries(agencyListing(agency.id), 10, true),
          await pass.site(agency.id),
          await pass.above(agency),
        ),
        'html',
      );
    }
    case 'agencyPage': {
      const agency = await pass.agency(target.agencyId);
      const stored =
        target.page === 'guide' || target.page === 'rules' ? await getAgencyPage(agency.id, target.page) : undefined;
      const above = await pass.above(agency);
      // The guide's remedy clause names the government above (reconsideration.ts): the chain is all it reads.
      const fallback =
        target.page === 'guide'
          ? defaultGuide(agency, [...above, agency])
          : target.page === 'rules'
            ? defaultRules(agency)
            : undefined;
      const reports = target.page === 'reports' ? await publishedReports(agency) : undefined;
      return pass.put(
        paths.agencyPage(agency.id, target.page),
        agencyPageHtml(
          agency,
          target.page,
          { html: stored?.html ?? fallback, reports },
          await pass.site(agency.id),
          above,
        ),
        'html',
      );
    }
    case 'item':
      return renderItem(pass, target.itemId);
    case 'county':
      // Placed before the pass renders (renderFiles): nothing of its own to write.
      return;
    case 'listingHead': {
      const pages = pageOf(await readListingSequence(target.listing));
      return pass.put(
        paths.listingHead(target.listing),
        listingPage({
          listing: target.listing,
          ...(await listingMeta(pass, target.listing)),
          site: await pass.site(target.listing.split(':')[1]),
          // Each page in order of 发布日期 (imported history keeps its original dates).
          entries: byDate(await newestEntries(target.listing, pageSize), -1),
          pages,
        }),
        'html',
      );
    }
    case 'listingPage': {
      const [entries, last] = await Promise.all([
        listingEntries(target.listing, (target.page - 1) * pageSize + 1, target.page * pageSize),
        readListingSequence(target.listing),
      ]);
      return pass.put(
        paths.listingPage(target.listing, target.page),
        listingPage({
          listing: target.listing,
          ...(await listingMeta(pass, target.listing)),
          site: await pass.site(target.listing.split(':')[1]),
          entries: byDate(entries, 1),
          pages: pageOf(last),
          page: target.page,
        }),
        'html',
      );
    }
    case 'feed': {
      const { title } = await listingMeta(pass, target.listing);
      return pass.put(
        paths.feed(target.listing),
        atomFeed({
          title,
          siteUrl: await pass.siteUrl(),
          path: paths.feed(target.listing),
          entries: await newestEntries(target.listing, pageSize, true),
        }),
        'xml',
      );
    }
    case 'sitemapPart': {
      const entries = await listingEntries(countyListing, (target.part - 1) * partSize + 1, target.part * partSize);
      return pass.put(
        paths.sitemapPart(target.part),
        sitemap(
          await pass.siteUrl(),
          entries.map((e) => ({
            path: urlOf(paths.item(e.agencyId, e.itemId)),
            lastmod: e.revisedOn ?? e.publishedOn,
          })),
        ),
        'xml',
      );
    }
    case 'sitemapIndex': {
      // A task queued before indexes were numbered names none: the first.
      const index = target.index ?? 1;
      const parts = partsListed(index, partOf(await readListingSequence(countyListing)));
      const siteUrl = await pass.siteUrl();
      if (index === 1)
        await pass.put(
          paths.sitemapStatic(),
          sitemap(
            siteUrl,
            portalPaths(await pass.top()).map((path) => ({ path: urlOf(path) })),
          ),
          'xml',
        );
      const listed = [...(index === 1 ? [paths.sitemapStatic()] : []), ...parts.map((part) => paths.sitemapPart(part))];
      return pass.put(paths.sitemapIndex(index), sitemapIndex(siteUrl, listed), 'xml');
    }
    case 'robots': {
      const indexes = Math.max(1, indexOf(partOf(await readListingSequence(countyListing))));
      const siteUrl = await pass.siteUrl();
      const lines = [
        'User-agent: *',
        'Allow: /',
        '',
        ...Array.from({ length: indexes }, (_, i) => `Sitemap: ${siteUrl}/${paths.sitemapIndex(i + 1)}`),
        `Sitemap: ${siteUrl}/${paths.sitemapAgencies()}`,
      ];
      return pass.put(paths.robots(), `${lines.join('\n')}\n`, 'txt');
    }
    case 'sitemapReports': {
      if (target.agencyId) return renderReportsSitemap(pass, await pass.agency(target.agencyId));
      // A task queued before each agency had its own part: every agency's, and the old part of all gone.
      await pass.remove(paths.sitemapReports());
      await inPool(await listAgencies(), concurrency, (agency) => renderReportsSitemap(pass, agency));
      return;
    }
    case 'dataPart': {
      const entries = await listingEntries(countyListing, (target.part - 1) * partSize + 1, target.part * partSize);
      const { json, csv } = catalogueData(await pass.siteUrl(), entries);
      await pass.put(paths.dataPart(target.part, 'json'), json, 'json');
      return pass.put(paths.dataPart(target.part, 'csv'), csv, 'csv');
    }
    case 'dataIndex': {
      const index = target.index ?? 1;
      const last = partOf(await readListingSequence(countyListing));
      const siteUrl = await pass.siteUrl();
      const listed = partsListed(index, last).map((part) => ({
        items: `${(part - 1) * partSize + 1}-${part * partSize}`,
        json: `${siteUrl}/${paths.dataPart(part, 'json')}`,
        csv: `${siteUrl}/${paths.dataPart(part, 'csv')}`,
      }));
      const more = Array.from(
        { length: Math.max(0, indexOf(last) - 1) },
        (_, i) => `${siteUrl}/${paths.dataIndex(i + 2)}`,
      );
      const body =
        index === 1
          ? {
              title: '政府信息公开目录（开放数据）',
              description: `主动公开政府信息的目录：索引号、名称、发布机构、信息类别、主题分类、文号、成文日期、发布日期、有效性、内容概述。按发布先后分文件，每个文件 ${partSize} 条；各文件随信息发布、修订和撤销更新。本文件列出前 ${partsPerIndex} 个文件，其后的文件见 more 所列的索引。`,
              // When the list of files last changed (a new file opens every 100 publications).
              updatedAt: new Date().toISOString(),
              files: listed,
              more,
            }
          : {
              title: `政府信息公开目录（开放数据）索引第 ${index} 页`,
              updatedAt: new Date().toISOString(),
              files: listed,
            };
      return pass.put(paths.dataIndex(index), JSON.stringify(body, null, 1), 'json');
    }
    case 'searchDelta':
      return renderSearchDelta(pass);
    case 'searchBase': {
      // The rebuild builds the base anew from the whole catalogue; the daily fold merges the changes in.
      const read = await readSearchDelta();
      if (target.full) {
        const entries = await listingEntries(countyListing, 1, await readListingSequence(countyListing));
        await putBuild(pass, files, (previous) => buildBase(entries, previous), true);
        await forgetFolded(pass, read);
      } else {
        await foldIntoBase(pass, read);
      }
      return renderSearchDelta(pass);
    }
    case 'searchPage':
      return pass.put(paths.searchPage(), searchPage(await pass.site()), 'html');
    case 'report':
      return renderReport(pass, target.agencyId, target.year);
    case 'footer':
      return queueFooterPages(target.agencyId);
    case 'statistics':
      return renderStatistics(pass);
  }
}

/** 工作统计 of this year and last: one counter item per agency and year, whatever the records. */
async function renderStatistics(pass: Pass) {
  const agencies = await listAgencies();
  const county = agencies.find((a) => a.kind === 'county');
  if (!county) return;
  const current = Number(beijingDateTime(new Date()).date.slice(0, 4));
  const years = [current, current - 1];
  const updatedAt = new Date().toISOString();
  const site = await pass.site();
  for (const year of years) {
    const counters = await getStatsOf(
      agencies.map((a) => a.id),
      year,
    );
    const each = agencies.map((agency, i) => ({ agency, statistics: compileStatistics(year, [counters[i]!]) }));
    const total = { id: county.id, name: county.name, statistics: compileStatistics(year, counters) };
    const { json, csv } = statisticsData(total, each, updatedAt);
    await pass.put(paths.statisticsPage(year, current), statisticsPage(total, each, years, site), 'html');
    await pass.put(paths.statisticsData(year, 'json'), json, 'json');
    await pass.put(paths.statisticsData(year, 'csv'), csv, 'csv');
  }
}

/** The files a tier wrote last time, with their digests (to blank those a new build leaves out, and skip those it leaves as they were). */
const previousFiles = async (list: string): Promise<WrittenFiles> => {
  const parsed = (await readJson<WrittenFiles | string[]>(list)) ?? {};
  return Array.isArray(parsed) ? Object.fromEntries(parsed.map((file) => [file, ''])) : parsed;
};

/** A build's files, only those that differ from what the previous build wrote. */
async function putBuild(
  pass: Pass,
  tier: TierFiles,
  build: (previous: WrittenFiles) => Map<string, string>,
  full = false,
) {
  const previous = await previousFiles(tier.written);
  const built = build(previous);
  await inPool(full ? [...built] : changedFiles(built, previous), 8, ([key, body]) => pass.put(key, body, 'json'));
}

/**
 * The daily fold without reading the catalogue: every change since the base (the items changed, read
 * by position; the items withdrawn) built as a recent tier in memory, then merged into each of the
 * base's files in turn. Each file is read once and written only if it changed. A file that cannot
 * be read fails the fold (rather than merging into nothing): the task waits for a retry.
 */
async function foldIntoBase(pass: Pass, read: SearchChanges): Promise<void> {
  const touched = new Set([...read.changed, ...read.removed]);
  if (!touched.size) return;
  const recent = buildBase(await countyEntriesAt(read.changed), {}, { removed: read.removed });
  const previous = await previousFiles(files.written);
  const meta = (await readJson<{ frequent?: string[] }>(files.meta)) ?? {};
  const frequent = new Set(meta.frequent ?? []);
  const fromRecent = <T>(key: string) => JSON.parse(recent.get(key) ?? '{}') as T;
  const written: WrittenFiles = {};
  const docs: Record<string, SearchRecord>[] = [];
  const held: number[] = [];
  const write = async (key: string, body: string) => {
    const digest = digestOf(body);
    if (body !== '{}') written[key] = digest;
    // An empty file is written only to blank one the previous build wrote.
    if (previous[key] !== digest && (body !== '{}' || previous[key] !== undefined)) await pass.put(key, body, 'json');
  };
  const tasks: (() => Promise<void>)[] = [
    ...Array.from({ length: postingShards }, (_, shard) => async () => {
      const key = files.postings(shard);
      const base =
        previous[key] !== undefined ? ((await readJson<Record<string, [number[], number[]]>>(key)) ?? {}) : {};
      const merged = mergePostings(base, fromRecent(files.recent.postings(shard)), touched, { skip: frequent });
      if (Object.keys(merged).length) held.push(shard);
      await write(key, JSON.stringify(merged));
    }),
    ...[...frequent].map((token) => async () => {
      const key = files.frequent(token);
      await write(
        key,
        JSON.stringify(
          mergePostings(
            (await readJson(key)) ?? {},
            fromRecent(files.recent.postings(postingShardOf(token))),
            touched,
            { only: token },
          ),
        ),
      );
    }),
    ...Array.from({ length: docShards }, (_, shard) => async () => {
      const key = files.docs(shard);
      const base = previous[key] !== undefined ? ((await readJson<Record<string, SearchRecord>>(key)) ?? {}) : {};
      const merged = mergeDocs(base, fromRecent(files.recent.docs(shard)), touched);
      docs[shard] = merged;
      await write(key, JSON.stringify(merged));
    }),
  ];
  await inPool(tasks, 8, (task) => task());
  await pass.put(files.meta, mergedMeta(docs.filter(Boolean), [...frequent], held), 'json');
  await pass.put(files.written, JSON.stringify(written), 'json');
  await forgetFolded(pass, read);
}

/**
 * After a new base holding the changes read: forget them, unless a step came between (the next fold
 * does), and empty the recent tier by its meta alone (queries then read none of its files, and its
 * next build blanks the ones it leaves out).
 */
async function forgetFolded(pass: Pass, read: SearchChanges): Promise<void> {
  if (await clearSearchDelta(read))
    await pass.put(files.recent.meta, buildBase([], {}, { removed: [] }).get(files.recent.meta)!, 'json');
}

/** A file of the site as it stands, or undefined where there is none. */
const readText = (key: string): Promise<string | undefined> =>
  s3.send(new GetObjectCommand({ Bucket: config.siteBucket(), Key: key })).then(
    (object) => object.Body!.transformToString(),
    (error: unknown) => {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    },
  );

const readJson = async <T>(key: string): Promise<T | undefined> => {
  const text = await readText(key);
  return text === undefined ? undefined : (JSON.parse(text) as T);
};

/**
 * The delta: the changes the recent tier does not hold yet. Past `deltaLimit` items, the recent
 * tier is rebuilt from every change since the base first (a few dozen publications' worth of files
 * once, instead of a delta every query downloads growing all day), and the delta starts again.
 */
async function renderSearchDelta(pass: Pass): Promise<void> {
  let read = await readSearchDelta();
  // The changes since the base (and their record) stay bounded even if the daily fold stops: past
  // `foldLimit` this render folds them itself.
  if (read.changed.length + read.removed.length > foldLimit) {
    await foldIntoBase(pass, read);
    read = await readSearchDelta();
  }
  const waiting = (r: typeof read) => {
    const promoted = new Set(r.promoted);
    return {
      changed: r.changed.filter((seq) => !promoted.has(seq)),
      removed: r.removed.filter((seq) => !promoted.has(seq)),
    };
  };
  let delta = waiting(read);
  if (delta.changed.length + delta.removed.length > deltaLimit) {
    const entries = await countyEntriesAt(read.changed);
    await putBuild(pass, files.recent, (previous) => buildBase(entries, previous, { removed: read.removed }));
    // A step that came between keeps its change in the delta; the next render tries again.
    if (await markPromoted(read)) {
      read = await readSearchDelta();
      delta = waiting(read);
    }
  }
  await pass.put(files.delta, buildDelta(await countyEntriesAt(delta.changed), delta.removed), 'json');
}

/** A year's report: published (page, JSON, CSV), archived (its text), or nothing public. */
async function renderReport(pass: Pass, agencyId: string, year: number) {
  const [agency, stored] = await Promise.all([pass.agency(agencyId), getReport(agencyId, year)]);
  const file = (name: 'index.html' | 'report.json' | 'report.csv') => paths.report(agencyId, year, name);
  if (stored?.published) {
    const { json, csv } = reportData(agency, stored.published.report, stored.published.on);
    await Promise.all([
      pass.put(
        file('index.html'),
        reportPage(agency, stored.published.report, stored.published.on, await pass.site(agencyId)),
        'html',
      ),
      pass.put(file('report.json'), json, 'json'),
      pass.put(file('report.csv'), csv, 'csv'),
    ]);
  } else if (stored?.archive) {
    await pass.put(
      file('index.html'),
      archivedReportPage(agency, year, stored.archive, await pass.site(agencyId)),
      'html',
    );
  } else {
    await Promise.all([
      pass.remove(file('index.html')),
      pass.remove(file('report.json')),
      pass.remove(file('report.csv')),
    ]);
  }
}

/** The column's list of every year's report, newest first. */
async function publishedReports(agency: Agency) {
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

/** The extension an attachment's site address ends in (only types the platform took reach here). */
const extensionOf = (contentType: string) => attachmentTypes[contentType]?.extension ?? 'bin';

async function renderItem(pass: Pass, itemId: string) {
  const found = await getPublication(itemId);
  if (!found) return;
  const { item } = found;
  const live = item.published && item.status !== 'withdrawn';
  if (!live) {
    await pass.remove(paths.item(item.agencyId, item.id));
    for (const a of item.published?.content.attachments ?? [])
      await pass.remove(paths.attachment(item.agencyId, item.id, a.id, extensionOf(a.contentType)));
    return;
  }
  const agency = await pass.agency(item.agencyId);
  const attachments = item.published!.content.attachments.map((a) => ({
    ...a,
    key: paths.attachment(item.agencyId, item.id, a.id, extensionOf(a.contentType)),
  }));
  for (const a of attachments) {
    await s3.send(
      new CopyObjectCommand({
        Bucket: config.siteBucket(),
        Key: a.key,
        CopySource: `${config.privateBucket()}/${a.privateKey}`,
        ContentType: a.contentType,
        ContentDisposition: contentDisposition(a.fileName),
        MetadataDirective: 'REPLACE',
      }),
    );
    pass.note(a.key, 'put');
    pass.written += 1;
  }
  await pass.put(
    paths.item(item.agencyId, item.id),
    itemPage({
      agency,
      itemId: item.id,
      indexNumber: item.indexNumber!,
      version: item.published!,
      attachments: attachments.map((a) => ({ fileName: a.fileName, size: a.size, url: urlOf(a.key) })),
      site: await pass.site(item.agencyId),
      above: await pass.above(agency),
    }),
    'html',
  );
}

/**
 * The portal's own pages for the XML sitemap: the home, the site map, the search page, 工作统计, the
 * directory's first page and the top government's column. Every other column is in the part of the
 * directory page that lists it (`sitemapDirectory`), so no file lists every agency.
 */
function portalPaths(top: Agency | undefined): string[] {
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
async function renderDirectory(pass: Pass, agencyId: string): Promise<void> {
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
async function renderReportsSitemap(pass: Pass, agency: Agency): Promise<void> {
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

/**
 * Runs `work` on the items, `size` at a time. On the first failure the others stop taking work and
 * all are awaited before it is thrown: nothing writes on after the caller has answered (a Lambda
 * would be frozen mid-write).
 */
async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  let failure: { error: unknown } | undefined;
  await Promise.all(
    Array.from({ length: size }, async () => {
      for (let item = queue.shift(); item !== undefined && !failure; item = queue.shift()) {
        try {
          await work(item);
        } catch (error) {
          failure ??= { error };
        }
      }
    }),
  );
  if (failure) throw failure.error;
}

/** Files are independent of each other: a few are rendered at a time. */
const concurrency = 6;

/**
 * An item's place in the county listing as it now stands: taken at the next position when it is
 * first published (this renderer, holding the lease, is the only one that moves the county's
 * sequence), its entry rewritten when revised, given up when withdrawn. Then the files it touches.
 */
async function placeInCountyListing(pass: Pass, itemId: string): Promise<RenderTarget[]> {
  const [found, held] = await Promise.all([getPublication(itemId), getCountyPosition(itemId)]);
  const item = found?.item;
  if (item?.published && item.status !== 'withdrawn') {
    const agency = await pass.agency(item.agencyId);
    // A place given up (withdrawn) is not taken again: a county position names one item, once.
    const place =
      held === undefined || held.gone
        ? { seq: (await readListingSequence(countyListing)) + 1, fresh: true }
        : { seq: held.seq, fresh: false };
    await placeInCounty(itemId, catalogueEntry(item, agency.name), place);
    return countyTargets(place.seq);
  }
  if (held === undefined) return [];
  // Again on a retried render: the entry is gone either way, and the files are rewritten.
  await removeFromCounty(itemId, held.seq);
  return countyTargets(held.seq);
}

/** Renders the targets: the files written (puts, deletes, copies) and the bytes put. */
export async function renderFiles(targets: RenderTarget[]): Promise<{ written: number; bytes: number }> {
  const pass = new Pass();
  try {
    const placed: RenderTarget[] = [];
    for (const target of dedupe(targets)) {
      if (target.kind === 'county')
        placed.push(...(await takingNumbers(() => placeInCountyListing(pass, target.itemId))));
    }
    await inPool(dedupe([...targets.filter((t) => t.kind !== 'county'), ...placed]), concurrency, (target) =>
      render(pass, target),
    );
  } finally {
    // What was written is journalled even when the pass failed part-way (its retry journals again).
    await journalSiteChanges([...pass.changed.put], [...pass.changed.removed]);
  }
  return { written: pass.written, bytes: pass.bytes };
}

export const renderTargets = async (targets: RenderTarget[]) => (await renderFiles(targets)).written;

export interface RenderResult {
  /** done: the queue is empty; pending: a task failed and waits for a retry; handedOn: time ran short, a fresh invocation goes on. */
  state: 'done' | 'pending' | 'handedOn';
  written: number;
  /** Bytes of the pages and data files put (attachments copied are not counted). */
  bytes: number;
  /** Tasks rendered and deleted. */
  tasks: number;
}

/** Tasks read and rendered together (their shared files, the homes and feeds, once). */
const round = 25;

/**
 * Works the render queue until it is empty, a round of tasks at a time, renewing its lease after
 * each round. If another renderer holds the lease, waits for it (it will likely take this
 * invocation's tasks too) and then looks again. A round that fails is tried task by task, so one
 * task that cannot render does not hold up the others. When the function's time runs short, the
 * queue is handed to a fresh invocation.
 */
export async function renderPending(options: { waitMs?: number; timeLeft?: () => number } = {}): Promise<RenderResult> {
  const owner = randomUUID();
  const deadline = Date.now() + (options.waitMs ?? 5000);
  const timeLeft = options.timeLeft ?? (() => Number.POSITIVE_INFINITY);
  const result: RenderResult = { state: 'done', written: 0, bytes: 0, tasks: 0 };
  while (!(await takeRenderLock(owner))) {
    if (Date.now() > deadline) return { ...result, state: 'pending' };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const failed = new Set<string>();
  try {
    while (true) {
      const tasks = (await listRenderTasks(round + failed.size)).filter((t) => !failed.has(t.sk)).slice(0, round);
      if (!tasks.length) break;
      if (timeLeft() < handOnMarginMs) {
        await nudgeRenderer('hand-on');
        return { ...result, state: 'handedOn' };
      }
      const add = (files: { written: number; bytes: number }) => {
        result.written += files.written;
        result.bytes += files.bytes;
      };
      try {
        add(await renderFiles(tasks.flatMap((t) => t.targets)));
        for (const task of tasks) await rendered(task);
        result.tasks += tasks.length;
      } catch (error) {
        if (tasks.length === 1) {
          failed.add(tasks[0]!.sk);
          // Left in the queue for a retry. Logged once, here.
          log.error('site render failed; task left pending', {
            ...ofTask(tasks[0]!),
            written: result.written,
            ...errorFields(error),
          });
        } else {
          for (const task of tasks) {
            try {
              add(await renderFiles(task.targets));
              await rendered(task);
              result.tasks += 1;
            } catch (taskError) {
              failed.add(task.sk);
              log.error('site render failed; task left pending', {
                ...ofTask(task),
                written: result.written,
                ...errorFields(taskError),
              });
            }
          }
        }
      }
      if (!(await takeRenderLock(owner))) {
        // Another renderer took over (this one stalled past its lease): it works what is left.
        log.warn('render lease lost; another renderer goes on', { written: result.written });
        return { ...result, state: 'pending' };
      }
    }
    return { ...result, state: failed.size ? 'pending' : 'done' };
  } finally {
    await releaseRenderLock(owner);
  }
}

/** A task's fields on a line: its key and the request that caused it, by which its render and retries are found. */
const ofTask = (task: RenderTask) => ({ task: task.sk, requestId: task.requestId });

/** A task rendered leaves the queue, and a line says so under the id of its request. */
async function rendered(task: RenderTask): Promise<void> {
  await deleteRenderTask(task.sk);
  log.info('render task done', ofTask(task));
}

/** Changes since the base past which the renderer folds without waiting for the sweep. */
const foldLimit = 5000;

/** Time kept back for the last round and the hand-over. */
const handOnMarginMs = 90_000;

/** Recovery only: every page of the site from the table, whatever the queue says. */
export async function renderWholeSite(): Promise<number> {
  return renderTargets(await rebuildTargets());
}

/** Every page of the site, in an order a rebuild can work through in slices. */
export async function rebuildTargets(): Promise<RenderTarget[]> {
  const agencies = await listAgencies();
  const targets: RenderTarget[] = [
    { kind: 'home' },
    { kind: 'sitePages' },
    { kind: 'robots' },
    { kind: 'listingHead', listing: countyListing },
    { kind: 'feed', listing: countyListing },
    { kind: 'searchPage' },
    { kind: 'searchBase', full: true },
    { kind: 'statistics' },
  ];
  for (const agency of agencies) {
    if (hasDirectory(agency)) targets.push({ kind: 'directory', agencyId: agency.id });
    targets.push(
      { kind: 'agencyHome', agencyId: agency.id },
      { kind: 'listingHead', listing: agencyListing(agency.id) },
      { kind: 'feed', listing: agencyListing(agency.id) },
    );
    for (const page of Object.keys(agencyPages) as AgencyPage[])
      targets.push({ kind: 'agencyPage', agencyId: agency.id, page });
    for (const category of categoriesFor(agency.kind))
      targets.push({ kind: 'listingHead', listing: categoryListing(agency.id, category.slug) });
    const reports = (await listReports(agency.id)).filter((report) => report.published || report.archive);
    for (const report of reports) targets.push({ kind: 'report', agencyId: agency.id, year: report.year });
    if (reports.length) targets.push({ kind: 'sitemapReports', agencyId: agency.id });
  }
  const listings: Listing[] = [
    countyListing,
    ...agencies.flatMap((a) => [
      agencyListing(a.id),
      ...categoriesFor(a.kind).map((c) => categoryListing(a.id, c.slug)),
    ]),
  ];
  for (const listing of listings) {
    const last = await readListingSequence(listing);
    for (let page = 1; page <= pageOf(last); page++) targets.push({ kind: 'listingPage', listing, page });
    if (listing === countyListing) {
      for (let part = 1; part <= partOf(last); part++)
        targets.push({ kind: 'sitemapPart', part }, { kind: 'dataPart', part });
      for (let index = 1; index <= Math.max(1, indexOf(partOf(last))); index++)
        targets.push({ kind: 'sitemapIndex', index }, { kind: 'dataIndex', index });
      const entries = await listingEntries(countyListing, 1, last);
      for (const entry of entries) targets.push({ kind: 'item', itemId: entry.itemId });
    }
  }
  return dedupe(targets);
}
