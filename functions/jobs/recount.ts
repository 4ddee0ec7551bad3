/**
 * The recount: every agency's report counters against its records alone (applications, items of
 * 主动公开, 复议/诉讼 cases), summed by the same functions the steps use. Differences are reported;
 * with `repair`, the differing counters are set to the recount (and the open-applications list the
 * sweep reads is rebuilt from the records too). `year` limits the comparison to one year.
 */
import { caseStateOf } from '#core/application.ts';
import { compareCounters, countRecords, type CounterDifference } from '#core/report-counts.ts';
import { openStatuses, sweepEveryDay } from '#core/workflow.ts';
import { transactWrite } from '#lib/dynamo.ts';
import { listAgencies, type StoredAgency } from '#store/agencies.ts';
import { listAgencyApplications } from '#store/applications.ts';
import { openIndexItem } from '#store/placement.ts';
import { listAgencyPublications } from '#store/publications.ts';
import { listAgencyCases } from '#store/reports.ts';
import { addToSumsUnder, listStats, setStats } from '#store/stats.ts';

export interface RecountResult {
  agencies: {
    id: string;
    name: string;
    applications: number;
    publications: number;
    cases: number;
    differences: CounterDifference[];
  }[];
  differences: number;
  repaired: boolean;
}

export type AgencyRecount = RecountResult['agencies'][number];

/** One agency's counters against its records; with `repair`, set to the recount (and their sum under its parent moved by as much). */
export async function recountAgency(
  agency: Pick<StoredAgency, 'id' | 'name' | 'parentId'>,
  options: { repair?: boolean; year?: number } = {},
): Promise<AgencyRecount> {
  const [applications, publications, cases, stored] = await Promise.all([
    listAgencyApplications(agency.id),
    listAgencyPublications(agency.id),
    listAgencyCases(agency.id),
    listStats(agency.id),
  ]);
  const counted = countRecords({ applications, publications, cases });
  // A year's carry-over depends on every earlier year: compare them all, report the asked year's and before.
  const differences = compareCounters(stored, counted).filter((d) => !options.year || d.year <= options.year);
  if (options.repair) {
    for (const [year, list] of Map.groupBy(differences, (d) => d.year)) {
      await setStats(agency.id, year, Object.fromEntries(list.map((d) => [d.counter, d.counted])));
      await addToSumsUnder([
        {
          agencyId: agency.id,
          parentId: agency.parentId,
          changes: list.map((d) => ({ year, name: d.counter, by: d.counted - d.stored })),
        },
      ]);
    }
    for (const application of applications.filter((a) => openStatuses.includes(caseStateOf(a).status))) {
      // At its place in the queue, and at once on the sweep's agenda: the next sweep reads it and puts it where it belongs.
      await transactWrite([
        openIndexItem(application, { queueDue: application.queueDue ?? null, sweepOn: sweepEveryDay }),
      ]);
    }
  }
  return {
    id: agency.id,
    name: agency.name,
    applications: applications.length,
    publications: publications.length,
    cases: cases.length,
    differences,
  };
}

/** Every agency's recount at once: for the local `npm run recount` and tests (in AWS, the recount job). */
export async function recount(
  options: { repair?: boolean; agencyIds?: string[]; year?: number } = {},
): Promise<RecountResult> {
  const agencies = (await listAgencies()).filter((a) => !options.agencyIds || options.agencyIds.includes(a.id));
  const result: RecountResult = { agencies: [], differences: 0, repaired: Boolean(options.repair) };
  for (const agency of agencies) {
    const counted = await recountAgency(agency, options);
    result.agencies.push(counted);
    result.differences += counted.differences.length;
  }
  return result;
}
