/**
 * The import job's site work: a slice of imported rows queues each listing's head and the pages its
 * new places fall on once for the slice, where every row used to queue them again (and feeds and
 * homes, which imported history is not in).
 */
import { describe, expect, it } from 'vitest';
import { agencyListing, categoryListing, pageSize, type Position } from '#core/site-plan.ts';

describe('a slice of imported rows on the site', () => {
  it('queues each listing’s head and each page its places fall on, once', async () => {
    const { sliceTargets } = await import('../../functions/jobs/import-publications.ts');
    const agency = agencyListing('fusong');
    const finance = categoryListing('fusong', 'finance');
    // 100 rows: places 181–280 of the agency's listing, 41–140 of the category's.
    const positions: Position[] = Array.from({ length: 100 }, (_, i) => [
      { listing: agency, seq: 181 + i },
      { listing: finance, seq: 41 + i },
    ]).flat();
    const targets = sliceTargets(positions);
    expect(targets).toEqual([
      { kind: 'listingHead', listing: agency },
      ...[10, 11, 12, 13, 14].map((page) => ({ kind: 'listingPage', listing: agency, page })),
      { kind: 'listingHead', listing: finance },
      ...[3, 4, 5, 6, 7].map((page) => ({ kind: 'listingPage', listing: finance, page })),
    ]);
    expect(pageSize).toBe(20);
    expect(targets.some((t) => t.kind === 'feed' || t.kind === 'home' || t.kind === 'agencyHome')).toBe(false);
  });
});
