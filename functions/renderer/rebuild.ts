/**
 * The site rebuild: every page of the site enumerated from the table (`rebuildTargets`), rendered
 * at once for recovery (`renderWholeSite`) or as a background job this function works in slices (it
 * alone writes the site bucket).
 */
import { categoriesFor } from '#core/categories.ts';
import {
  agencyListing,
  agencyPages,
  categoryListing,
  countyListing,
  dedupe,
  hasDirectory,
  indexOf,
  pageOf,
  partOf,
  type AgencyPage,
  type Listing,
  type RenderTarget,
} from '#core/site-plan.ts';
import { listAgencies } from '#store/agencies.ts';
import type { Work } from '#store/job-turns.ts';
import { listingEntries, readListingSequence } from '#store/listings.ts';
import { listReports } from '#store/reports.ts';
import { renderTargets } from './render.ts';

const renderSlice = 60;

const rebuildTurn: Work = async (job, more, save) => {
  const targets = await rebuildTargets();
  let { cursor } = job;
  let written = Number(job.result?.written) || 0;
  while (cursor < targets.length) {
    if (!more()) return false;
    const slice = targets.slice(cursor, cursor + renderSlice);
    written += await renderTargets(slice);
    cursor += slice.length;
    await save({ progress: { done: cursor, total: targets.length }, cursor, result: { written } });
  }
  await save({ progress: { done: targets.length, total: targets.length }, cursor, result: { written } });
  return true;
};

export const rebuildKinds = { rebuildSite: rebuildTurn };

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
