/**
 * A change of the site's identity (主办单位, 网站标识码, 备案号 …, 机构管理's 网站标识 fields) reaches
 * every page whose footer carries it, with no manual 重新生成网站: the portal's top government's
 * fields are on every page of the site, so the whole site is rewritten by the rebuild (a background
 * job with progress, which the site's status waits for); another agency's own fields are on its
 * column's pages only, which go to the render queue a slice at a time.
 */
import { randomBytes } from 'node:crypto';
import { categoriesFor } from '#core/categories.ts';
import {
  type AgencyPage,
  agencyListing,
  agencyPages,
  categoryListing,
  hasDirectory,
  pageOf,
  type RenderTarget,
} from '#core/site-plan.ts';
import { getAgency, type StoredAgency } from '#store/agencies.ts';
import { enqueueJob } from '#store/jobs.ts';
import { listingEntries, readListingSequence } from '#store/listings.ts';
import { addRenderTask } from '#store/render-queue.ts';
import { listReports } from '#store/reports.ts';

/** Pages a queued task holds (a round of the renderer's takes 25 tasks). */
const slice = 60;

/** Every page of an agency's column: its home and pages, each page of its listings, its items and reports. */
export async function columnPages(agency: StoredAgency): Promise<RenderTarget[]> {
  const targets: RenderTarget[] = [
    { kind: 'agencyHome', agencyId: agency.id },
    ...(Object.keys(agencyPages) as AgencyPage[]).map((page) => ({
      kind: 'agencyPage' as const,
      agencyId: agency.id,
      page,
    })),
    ...(hasDirectory(agency) ? [{ kind: 'directory' as const, agencyId: agency.id }] : []),
  ];
  const own = agencyListing(agency.id);
  for (const listing of [own, ...categoriesFor(agency.kind).map((c) => categoryListing(agency.id, c.slug))]) {
    const last = await readListingSequence(listing);
    targets.push({ kind: 'listingHead', listing });
    for (let page = 1; page <= pageOf(last); page++) targets.push({ kind: 'listingPage', listing, page });
    if (listing === own)
      for (const entry of await listingEntries(own, 1, last)) targets.push({ kind: 'item', itemId: entry.itemId });
  }
  for (const report of await listReports(agency.id))
    if (report.published || report.archive) targets.push({ kind: 'report', agencyId: agency.id, year: report.year });
  return targets;
}

/** Queues the pages that carry the agency's footer (the `footer` render target). */
export async function queueFooterPages(agencyId: string): Promise<void> {
  const agency = await getAgency(agencyId, true);
  if (!agency) return;
  if (agency.parentId === null) {
    // Every page: the rebuild, as 平台维护 starts it (one that runs already goes on, reading the new footer).
    await enqueueJob({
      id: randomBytes(8).toString('hex'),
      kind: 'rebuildSite',
      params: {},
      by: 'system',
      agencyId: agency.id,
    });
    return;
  }
  const targets = await columnPages(agency);
  for (let i = 0; i < targets.length; i += slice)
    await addRenderTask(`footer#${agency.id}#${i / slice}`, targets.slice(i, i + slice));
}
