/**
 * The recount: every agency's table 三 counters against its application records. Differences are
 * reported; with `repair`, the stored counters are replaced by the recount (and the open-applications
 * list the sweep reads is rebuilt from the records too).
 */
import { caseStateOf } from '#core/application.ts';
import { compareCounters, countRecords, type CounterDifference } from '#core/report-counts.ts';
import { openStatuses } from '#core/workflow.ts';
import { db } from '#lib/dynamo.ts';
import { listAgencies } from '#store/agencies.ts';
import { listAgencyApplications, listStats, openIndexItem, replaceStats } from '#store/applications.ts';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';

export interface RecountResult {
  agencies: { id: string; name: string; applications: number; differences: CounterDifference[] }[];
  differences: number;
  repaired: boolean;
}

export async function recount(options: { repair?: boolean; agencyIds?: string[] } = {}): Promise<RecountResult> {
  const agencies = (await listAgencies()).filter((a) => !options.agencyIds || options.agencyIds.includes(a.id));
  const result: RecountResult = { agencies: [], differences: 0, repaired: Boolean(options.repair) };
  for (const agency of agencies) {
    const [applications, stored] = await Promise.all([listAgencyApplications(agency.id), listStats(agency.id)]);
    const counted = countRecords(applications);
    const differences = compareCounters(stored, counted);
    result.agencies.push({ id: agency.id, name: agency.name, applications: applications.length, differences });
    result.differences += differences.length;
    if (!options.repair) continue;
    for (const year of new Set(differences.map((d) => d.year))) await replaceStats(agency.id, year, counted.get(year) ?? {});
    for (const application of applications.filter((a) => openStatuses.includes(caseStateOf(a).status))) {
      await db.send(new TransactWriteCommand({ TransactItems: [openIndexItem(application)] }));
    }
  }
  return result;
}
