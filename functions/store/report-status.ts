/**
 * Where an agency's annual reports stand, year by year, without reading them: what a step that would
 * change a year's figures asks first (a report submitted or published holds those figures).
 */
import type { ReportStatus } from '#core/report-lifecycle.ts';
import { batchGet } from '#lib/dynamo.ts';
import * as keys from './keys.ts';

export async function reportStatusOf(agencyId: string, years: readonly number[]): Promise<Map<number, ReportStatus>> {
  const found = await batchGet(
    [...new Set(years)].map((year) => keys.report(agencyId, year)),
    ['year', 'status'],
  );
  return new Map(found.map((item) => [item.year as number, item.status as ReportStatus]));
}
