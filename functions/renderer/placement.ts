/**
 * The listings' places the renderer takes: an item's place in the county listing, taken when the
 * pass that renders its task begins (render.ts), and the files that place touches.
 */
import { catalogueEntry } from '#core/catalogue.ts';
import { countyListing, countyTargets, type RenderTarget } from '#core/site-plan.ts';
import { getCountyPosition, placeInCounty, readListingSequence, removeFromCounty } from '#store/listings.ts';
import { getPublication } from '#store/publications.ts';
import type { Pass } from './pass.ts';

/**
 * An item's place in the county listing as it now stands: taken at the next position when it is
 * first published (this renderer, holding the lease, is the only one that moves the county's
 * sequence), its entry rewritten when revised, given up when withdrawn. Then the files it touches.
 */
export async function placeInCountyListing(pass: Pass, itemId: string): Promise<RenderTarget[]> {
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
