/** Which files one item's change touches, and where each page lives: the site's plan. */
import { describe, expect, it } from 'vitest';
import {
  agencyListing,
  agencyProfileTargets,
  categoryListing,
  countyListing,
  countyTargets,
  paths,
  placeTargets,
  targetsFor,
  urlOf,
} from '#core/site-plan.ts';

describe('the site plan', () => {
  it("touches the item and the county's home, and the files of each place the renderer gives it: in each listing the newest page and the page holding it, and the agency's column home", () => {
    expect(targetsFor('a1')).toEqual([
      { kind: 'item', itemId: 'a1' },
      { kind: 'home' },
      { kind: 'listings', itemId: 'a1' },
    ]);
    expect(
      [
        { listing: agencyListing('lushuihe'), seq: 41 },
        { listing: categoryListing('lushuihe', 'finance'), seq: 3 },
      ].flatMap(placeTargets),
    ).toEqual([
      { kind: 'listingHead', listing: 'agency:lushuihe' },
      { kind: 'listingPage', listing: 'agency:lushuihe', page: 3 },
      { kind: 'feed', listing: 'agency:lushuihe' },
      { kind: 'agencyHome', agencyId: 'lushuihe' },
      { kind: 'listingHead', listing: 'category:lushuihe:finance' },
      { kind: 'listingPage', listing: 'category:lushuihe:finance', page: 1 },
    ]);
    expect(placeTargets({ listing: countyListing, seq: 2 })).toEqual(countyTargets(2));
  });

  it('rewrites the indexes (and robots.txt) only when a place opens a part, and the first data index when it opens an index', () => {
    const kinds = (seq: number) => countyTargets(seq).filter((t) => t.kind.endsWith('Index') || t.kind === 'robots');
    expect(kinds(2)).toEqual([]);
    expect(kinds(101)).toEqual([
      { kind: 'sitemapIndex', index: 1 },
      { kind: 'dataIndex', index: 1 },
      { kind: 'robots' },
    ]);
    expect(kinds(10_001)).toEqual([
      { kind: 'sitemapIndex', index: 2 },
      { kind: 'dataIndex', index: 2 },
      { kind: 'robots' },
      { kind: 'dataIndex', index: 1 },
    ]);
    expect(countyTargets(2_345)).toEqual(
      expect.arrayContaining([
        { kind: 'listingPage', listing: countyListing, page: 118 },
        { kind: 'sitemapPart', part: 24 },
        { kind: 'dataPart', part: 24 },
        { kind: 'searchDelta' },
      ]),
    );
  });

  it('keeps the first sitemap and data index at their well-known addresses, and the URLs encoded', () => {
    expect([
      paths.sitemapIndex(1),
      paths.sitemapIndex(3),
      paths.dataIndex(1),
      paths.dataIndex(2),
      paths.robots(),
    ]).toEqual(['sitemap.xml', 'sitemaps/index-3.xml', 'data/index.json', 'data/index-2.json', 'robots.txt']);
    expect(urlOf(paths.listingHead(categoryListing('lushuihe', 'finance')))).toBe('/lushuihe/finance/');
    expect(urlOf('x/信息 1.html')).toBe('/x/%E4%BF%A1%E6%81%AF%201.html');
  });
});

describe('the pages that list agencies', () => {
  const town = { id: 'lushuihe', kind: 'town', parentId: 'fusong' } as const;

  it('are never among what a publication touches', () => {
    const kinds = [
      ...targetsFor('a1'),
      ...placeTargets({ listing: agencyListing('lushuihe'), seq: 41 }),
      ...placeTargets({ listing: countyListing, seq: 10_001 }),
    ].map((t) => t.kind);

    expect(kinds).not.toContain('directory');
    expect(kinds).not.toContain('sitePages');
    expect(kinds).not.toContain('searchPage');
  });

  it("follow an agency's change to its parent's directory, and to the one it left when it moved", () => {
    const targets = agencyProfileTargets({ ...town, parentId: 'songjiang' }, { parentId: 'fusong' });

    expect(targets).toEqual(
      expect.arrayContaining([
        { kind: 'directory', agencyId: 'songjiang' },
        { kind: 'directory', agencyId: 'fusong' },
        { kind: 'agencyHome', agencyId: 'lushuihe' },
      ]),
    );
    expect(targets.map((t) => t.kind)).not.toContain('home');
    expect(targets.map((t) => t.kind)).not.toContain('searchPage');
  });

  it("rewrite a government's own directory with it, and the portal's pages only for the top government", () => {
    const county = agencyProfileTargets({ id: 'fusong', kind: 'county', parentId: null });
    const city = agencyProfileTargets({ id: 'baishan', kind: 'city', parentId: 'jilin' });

    expect(county).toEqual(
      expect.arrayContaining([
        { kind: 'home' },
        { kind: 'sitePages' },
        { kind: 'searchPage' },
        { kind: 'directory', agencyId: 'fusong' },
      ]),
    );
    expect(city).toEqual(
      expect.arrayContaining([
        { kind: 'directory', agencyId: 'jilin' },
        { kind: 'directory', agencyId: 'baishan' },
      ]),
    );
    expect(city.map((t) => t.kind)).not.toContain('home');
    expect(paths.directory({ id: 'fusong', parentId: null })).toBe('agencies/index.html');
    expect(paths.directory({ id: 'baishan', parentId: 'jilin' }, 'json')).toBe('agencies/baishan/index.json');
  });
});
