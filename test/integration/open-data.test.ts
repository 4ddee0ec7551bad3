/**
 * What the public site's JSON files say: every one the site bucket holds, after items are published
 * (one revised, one withdrawn) and the daily sweep has run, carries no key of the table (pk, sk, the
 * indexes' keys, positions, versions) or other internal attribute at any depth, and the open data
 * (README, "The site") carries exactly its documented fields.
 */
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteSettled, startTestPlatform } from '../support/platform.ts';
import { publicationContent, publishBudgetMs, publisher } from '../support/publications.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
/** Every JSON file of the site bucket, parsed, by key. */
const files = new Map<string, unknown>();

beforeAll(async () => {
  platform = await startTestPlatform();
  const staff = publisher(platform.url);
  await staff.publish(publicationContent({ title: '露水河镇2026年财政预算公开' }));
  await staff.publish(
    publicationContent({ title: '露水河镇村务公开管理办法', category: 'normative', validity: { state: 'valid' } }),
  );
  const revised = await staff.publish(publicationContent({ title: '露水河镇2026年安全生产工作要点' }));
  const withdrawn = await staff.publish(publicationContent({ title: '露水河镇2026年春耕生产通知' }));
  const opened = await staff.step(revised.id, revised.version, { type: 'revise' });
  const edited = await staff.step(revised.id, opened.version, {
    type: 'edit',
    content: publicationContent({ title: '露水河镇2026年安全生产工作要点（修订）' }),
    revisionNote: '更正一处笔误',
  });
  await staff.step(revised.id, edited.version, { type: 'submit' });
  const checked = await staff.privacyChecked(revised.id);
  await staff.step(revised.id, checked.version, { type: 'approve', secrecyCheck: '同意公开。' }, 'reviewer');
  await staff.step(withdrawn.id, withdrawn.version, { type: 'withdraw', reason: '内容已过时效。' }, 'reviewer');
  // The sweep has the renderer write the day's statistics and fold the search index.
  await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' });
  await siteSettled();

  const { s3 } = await import('#lib/s3.ts');
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: platform.names.siteBucket, ContinuationToken }));
    for (const { Key } of page.Contents ?? []) {
      if (!Key?.endsWith('.json')) continue;
      const object = await s3.send(new GetObjectCommand({ Bucket: platform.names.siteBucket, Key }));
      files.set(Key, JSON.parse(await object.Body!.transformToString()));
    }
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken);
}, 6 * publishBudgetMs); // four items published, one revised, one withdrawn
afterAll(() => platform?.stop());

/** Every key of a value, at any depth, with where it is. */
function keysOf(value: unknown, at = ''): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keysOf(v, `${at}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [[k, at] as [string, string], ...keysOf(v, `${at}.${k}`)]);
  return [];
}

/** The table's keys and the attributes that are the platform's own business, never the public's. */
const internal =
  /^(pk|sk|gsi\d*(pk|sk)?|seq|version|\w*Version|expiresAt|ttl|lease|requestId|privateKey|\w*By|imported)$/;

/** The catalogue's documented fields (README, "The site"), each row; the optional ones only where the item has them. */
const catalogueFields = [
  'id',
  'agencyId',
  'indexNumber',
  'title',
  'agencyName',
  'category',
  'topic',
  'writtenOn',
  'publishedOn',
  'summary',
  'url',
];
const optionalCatalogueFields = ['documentNumber', 'revisedOn', 'validity'];

describe("the public site's JSON files", () => {
  it('are read whole: the open data, the statistics and the search index', () => {
    const keys = [...files.keys()];
    expect(keys).toContain('data/index.json');
    expect(keys).toContain('data/catalogue-1.json');
    expect(keys.some((k) => /^data\/statistics-\d{4}\.json$/.test(k))).toBe(true);
    expect(keys.some((k) => k.startsWith('search/'))).toBe(true);
  });

  it('carry no key of the table nor any internal attribute, at any depth', () => {
    const found = [...files].flatMap(([file, value]) =>
      keysOf(value)
        .filter(([key]) => internal.test(key))
        .map(([key, at]) => `${file}${at}: ${key}`),
    );

    expect(found).toEqual([]);
  });

  it('list each published item in the catalogue with exactly its documented fields', () => {
    const rows = files.get('data/catalogue-1.json') as Record<string, unknown>[];

    expect(rows.map((r) => r.title)).toEqual([
      '露水河镇2026年财政预算公开',
      '露水河镇村务公开管理办法',
      '露水河镇2026年安全生产工作要点（修订）',
    ]);
    for (const row of rows) {
      const keys = Object.keys(row);
      expect(keys.filter((k) => !optionalCatalogueFields.includes(k)).sort()).toEqual([...catalogueFields].sort());
    }
    expect(rows[0]).toMatchObject({
      agencyId: 'lushuihe',
      category: '财政预算决算',
      url: expect.stringMatching(/^http/),
    });
    expect(rows[1]).toHaveProperty('validity');
    expect(rows[2]).toHaveProperty('revisedOn');
  });

  it('index the catalogue and state the statistics with their documented fields only', () => {
    const index = files.get('data/index.json') as Record<string, unknown>;
    expect(Object.keys(index).sort()).toEqual(['description', 'files', 'more', 'title', 'updatedAt']);
    for (const file of index.files as Record<string, unknown>[])
      expect(Object.keys(file).sort()).toEqual(['csv', 'items', 'json']);

    const [, statistics] = [...files].find(([key]) => key.startsWith('data/statistics-'))! as [
      string,
      Record<string, unknown>,
    ];
    expect(Object.keys(statistics).sort()).toEqual([
      'agencies',
      'county',
      'definition',
      'description',
      'title',
      'updatedAt',
      'year',
    ]);
  });

  it("give the search page's records only what the result list shows", () => {
    // The records by item of each tier (search/d/, search/r/d/) and of the delta every query reads.
    const shards = [...files].filter(([key]) => /^search\/(r\/)?d\//.test(key)).map(([, shard]) => shard);
    const delta = files.get('search/delta.json') as { docs: Record<string, { record: object }> };
    const records = [
      ...shards.flatMap((shard) => Object.values(shard as Record<string, object>)),
      ...Object.values(delta.docs).map((doc) => doc.record),
    ];

    expect(records.length).toBeGreaterThan(0);
    for (const record of records) expect(Object.keys(record).every((k) => 'tacdyinus'.includes(k))).toBe(true);
  });
});
