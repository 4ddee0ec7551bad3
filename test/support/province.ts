/**
 * A generated province (`cdk/local/province.ts`) for the tests of what must not grow with the number of
 * agencies (issue 46): the platform seeded with the province's first 20 agencies before a file's tests
 * and stopped after them, what the table is asked counted at the client, and the province grown to more
 * agencies between two measures.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Agency } from '#core/agency.ts';
import { startTestPlatform } from './platform.ts';
import { putAll } from './table.ts';
import { countTableUse, type TableUse, usedBy } from './table-use.ts';

/** The agencies the platform is seeded with. */
export const provinceSeeded = 20;

export interface ProvinceUnderTest {
  platform: Awaited<ReturnType<typeof startTestPlatform>>;
  /** What this process's table client has asked, counted since the platform started. */
  use: TableUse;
  /** The province's first `count` agencies, parents first (`provinceAgencies`). */
  agencies(count: number): Agency[];
  /** Its first city, county and town (`provinceFirst`). */
  first: { city: string; county: string; town: string };
  /**
   * Writes the province's agencies after the seeded ones up to `to`, with their counters and reports
   * of `year` (and, with `sums`, what they add to their governments' sums, as their steps would have).
   */
  grow(to: number, year: number, options?: { sums?: boolean }): Promise<void>;
  /** What `act` asks of the table, the platform's workers held still meanwhile (`usedBy`). */
  usedBy<T>(act: () => Promise<T>): Promise<{ result: T; use: TableUse }>;
}

/**
 * The province of a test file: registers the file's `beforeAll` (the platform started and seeded) and
 * `afterAll` (stopped); the answer's fields are set once that `beforeAll` has run. The generator writes
 * through the table's client, so it is loaded only once the platform has configured that client.
 */
export function provinceUnderTest(): ProvinceUnderTest {
  let generator: typeof import('../../cdk/local/province.ts');
  const province = {
    agencies: (count: number) => generator.provinceAgencies(count),
    async grow(to: number, year: number, { sums = false } = {}) {
      const grown = generator.provinceAgencies(to).slice(provinceSeeded);
      await putAll(generator.provinceRecords(grown, year));
      if (sums) await generator.addProvinceSums(grown, year);
    },
    usedBy: <T>(act: () => Promise<T>) => usedBy(province.platform, province.use, act),
  } as ProvinceUnderTest;
  beforeAll(async () => {
    province.platform = await startTestPlatform({ seed: { province: provinceSeeded } });
    province.use = countTableUse((await import('#lib/dynamo.ts')).db);
    generator = await import('../../cdk/local/province.ts');
    province.first = generator.provinceFirst;
  });
  afterAll(() => province.platform?.stop());
  return province;
}
