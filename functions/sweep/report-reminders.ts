/**
 * The daily sweep's reminders of last year's annual reports (31 January for towns and departments,
 * 31 March for the county): noted on the report's log, and e-mailed to the agency's office when it
 * has an address, in one transaction, once per deadline and kind.
 */
import { reportReminder } from '#core/annual-report.ts';
import { listAgencies } from '#store/agencies.ts';
import { blankReport, getReport, saveReport, type StoredReport } from '#store/reports.ts';
import { StaleVersionError } from '#store/stale.ts';

export async function remindReports(today: string): Promise<{ reminded: number }> {
  const year = Number(today.slice(0, 4)) - 1;
  let reminded = 0;
  for (const agency of await listAgencies()) {
    const stored = await getReport(agency.id, year);
    const reminder = reportReminder(agency, stored, today);
    if (!reminder) continue;
    const at = new Date().toISOString();
    const base = stored ?? blankReport(agency.id, year);
    const next: StoredReport = {
      ...base,
      version: base.version + 1,
      updatedAt: at,
      reminded: [...(base.reminded ?? []), reminder.key],
    };
    const to = agency.letters?.email;
    try {
      await saveReport(
        next,
        base.version,
        { actor: 'system', type: 'remind', text: reminder.text },
        {
          ...(to && {
            mail: {
              agencyId: agency.id,
              receiptNumber: `REPORT-${year}`,
              letterNumber: reminder.subject,
              version: next.version,
              to,
              subject: reminder.subject,
              text: reminder.text,
              at,
              delivery: 'pending',
            },
          }),
        },
      );
      reminded += 1;
    } catch (error) {
      // Someone saved the report meanwhile: tomorrow's sweep reminds if it is still outstanding.
      if (!(error instanceof StaleVersionError)) throw error;
    }
  }
  return { reminded };
}
