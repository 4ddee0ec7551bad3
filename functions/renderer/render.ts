/**
 * The page dispatch: a render pass over a list of targets (`renderFiles`), each target's files
 * rendered from what the table holds and written through the pass: the homes, the site's own pages,
 * columns, listings, feeds, items, reports, statistics, sitemaps and open data. 机构目录 and the
 * agencies' sitemap are in directory.ts, the search files in search-files.ts, the items' places in
 * the listings in placement.ts; the queue that calls this is queue.ts.
 */
import { CopyObjectCommand } from '@aws-sdk/client-s3';
import { categoryBySlug } from '#core/categories.ts';
import {
  agencyHomePage,
  agencyPageHtml,
  applicationSheetPage,
  atomFeed,
  catalogueData,
  columnCrumbs,
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
import { attachmentTypes, contentDisposition } from '#core/publication.ts';
import {
  agencyListing,
  countyListing,
  dedupe,
  indexOf,
  pageOf,
  pageSize,
  partOf,
  partSize,
  partsPerIndex,
  paths,
  urlOf,
  type Listing,
  type RenderTarget,
} from '#core/site-plan.ts';
import { archivedReportPage, reportData, reportPage } from '#core/pages/report.ts';
import { statisticsData, statisticsPage } from '#core/pages/statistics.ts';
import { compileStatistics } from '#core/statistics.ts';
import { beijingDateTime } from '#core/dates.ts';
import { getStatsOf } from '#store/stats.ts';
import { config } from '#lib/config.ts';
import { s3 } from '#lib/s3.ts';
import { takingNumbers } from '#store/sequences.ts';
import { listAgencies } from '#store/agencies.ts';
import { getAgencyPage } from '#store/agency-pages.ts';
import { listingEntries, newestEntries, readListingSequence } from '#store/listings.ts';
import { getPublication } from '#store/publications.ts';
import { journalSiteChanges } from '#store/site-changes.ts';
import { getReport } from '#store/reports.ts';
import { defaultGuide, defaultRules } from '#core/pages/default-pages.ts';
import { portalPaths, publishedReports, renderDirectory, renderReportsSitemap } from './directory.ts';
import { queueFooterPages } from './footer.ts';
import { concurrency, inPool, Pass } from './pass.ts';
import { placeInListings } from './placement.ts';
import { renderSearchBase, renderSearchDelta } from './search-files.ts';

/** The parts index `index` lists, of the `last` there are. */
const partsListed = (index: number, last: number) =>
  Array.from(
    { length: Math.max(0, Math.min(last, index * partsPerIndex) - (index - 1) * partsPerIndex) },
    (_, i) => (index - 1) * partsPerIndex + i + 1,
  );

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
    case 'listings':
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
    case 'searchBase':
      // The rebuild builds the base anew from the whole catalogue; the daily fold merges the changes in.
      return renderSearchBase(pass, target.full);
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

/** Renders the targets: the files written (puts, deletes, copies) and the bytes put. */
export async function renderFiles(targets: RenderTarget[]): Promise<{ written: number; bytes: number }> {
  const pass = new Pass();
  try {
    const placed: RenderTarget[] = [];
    for (const target of dedupe(targets)) {
      if (target.kind === 'county' || target.kind === 'listings') {
        const scope = target.kind === 'county' ? 'county' : 'all';
        placed.push(...(await takingNumbers(() => placeInListings(pass, target.itemId, scope))));
      }
    }
    const rest = targets.filter((t) => t.kind !== 'county' && t.kind !== 'listings');
    await inPool(dedupe([...rest, ...placed]), concurrency, (target) => render(pass, target));
  } finally {
    // What was written is journalled even when the pass failed part-way (its retry journals again).
    await journalSiteChanges([...pass.changed.put], [...pass.changed.removed]);
  }
  return { written: pass.written, bytes: pass.bytes };
}

export const renderTargets = async (targets: RenderTarget[]) => (await renderFiles(targets)).written;
