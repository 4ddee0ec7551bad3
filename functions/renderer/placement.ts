/**
 * Where items sit in the site's listings. The renderer places them, holding the lease: an item's
 * place in the county listing, its agency's and its category's is taken when the pass that renders
 * its task begins (render.ts), its entry rewritten when revised and given up when withdrawn; then
 * the files those places touch are rendered with the rest of the pass. An import's rows are placed
 * the same way, a slice's rows by one task, in their order (a row imported before that had its
 * agency places reserved by its import, and its task names the county listing only).
 */
import { catalogueEntry } from '#core/catalogue.ts';
import { countyListing, listingsOf, placeTargets, type Listing, type RenderTarget } from '#core/site-plan.ts';
import { getPlaces, placeItem, readListingSequence, type Place, type PlaceChange } from '#store/listings.ts';
import { getPublication } from '#store/publications.ts';
import type { Pass } from './pass.ts';

/**
 * The item's places as it now stands, in the county listing only (`county`: an item imported before
 * the renderer placed imported rows, whose agency places its import reserved) or in every listing it
 * belongs to (`all`). A place is taken at the next position when the item first enters the listing,
 * its entry rewritten while it stays,
 * given up when it leaves (withdrawn, or moved to another category). A place given up is not taken
 * again: a position names one item, once. Returns the files the places touch.
 */
export async function placeInListings(pass: Pass, itemId: string, scope: 'county' | 'all'): Promise<RenderTarget[]> {
  const [found, kept] = await Promise.all([getPublication(itemId), getPlaces(itemId)]);
  const item = found?.item;
  const held = new Map<Listing, Place>(kept);
  // An item published before the renderer placed every listing names its agency places itself.
  for (const position of item?.positions ?? [])
    if (position.listing !== countyListing && !held.has(position.listing))
      held.set(position.listing, { seq: position.seq });
  const live = item?.published && item.status !== 'withdrawn';
  const wanted = new Set<Listing>(
    live ? (scope === 'county' ? [countyListing] : listingsOf(item.agencyId, item.published!.content.category)) : [],
  );
  const considered = scope === 'county' ? [countyListing] : [...new Set([...wanted, ...held.keys()])];
  const change: PlaceChange = { put: [], remove: [] };
  /** Places given up before: their files rewritten again (below). */
  const left: { listing: Listing; seq: number }[] = [];
  for (const listing of considered) {
    const place = held.get(listing);
    if (wanted.has(listing)) {
      change.put.push(
        place === undefined || place.gone
          ? { listing, seq: (await readListingSequence(listing)) + 1, fresh: true }
          : { listing, seq: place.seq, fresh: false },
      );
    } else if (place && !place.gone) change.remove.push({ listing, seq: place.seq });
    else if (place) left.push({ listing, seq: place.seq });
  }
  if (change.put.length || change.remove.length) {
    if (live) change.entry = catalogueEntry(item, (await pass.agency(item.agencyId)).name);
    await placeItem(itemId, change);
  }
  // A place given up has its files rewritten by every render of the item, not only the one that gave
  // it up: that render may have failed after the place moved, and steps in between (a withdrawal, a
  // revision) may be what its retry renders. An item leaves few listings in its life.
  const touched = [...change.put, ...change.remove, ...left].flatMap(placeTargets);
  // Imported history is not news: no feed or home lists it.
  return item?.imported ? touched.filter((t) => t.kind !== 'feed' && t.kind !== 'agencyHome') : touched;
}
