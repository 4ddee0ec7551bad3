/**
 * The daily sweep's reminders of last year's annual reports (31 January for towns and departments,
 * 31 March for governments): noted on the report's log, and e-mailed to the agency's office when it
 * has an address, in one transaction, once per deadline and kind. Only the agencies whose day on the
 * agenda has come are read (each agency stands on it by the next day a reminder may be due), so a
 * day with nothing due reads nothing more however many agencies the portal has.
 */
import { nextReminderCheck, reportReminder } from '#core/annual-report.ts';
import { addDays } from '#core/dates.ts';
import { getAgency } from '#store/agencies.ts';
import {
  blankReport,
  getReport,
  moveOnReminderAgenda,
  reminderAgendaPage,
  saveReport,
  type ReminderEntry,
  type StoredReport,
} from '#store/reports.ts';
import { StaleVersionError } from '#store/stale.ts';

export async function remindReports(today: string): Promise<{ reminded: number }> {
  let reminded = 0;
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await reminderAgendaPage(today, cursor);
    for (const entry of page.items) if (await remindOne(entry, today)) reminded += 1;
    cursor = page.next;
  } while (cursor);
  return { reminded };
}

/** Reminds the agency if a reminder is due today, and puts it where the agenda next needs it. */
async function remindOne(entry: ReminderEntry, today: string): Promise<boolean> {
  const agency = await getAgency(entry.agencyId);
  if (!agency) {
    await moveOnReminderAgenda(entry, undefined);
    return false;
  }
  const year = Number(today.slice(0, 4)) - 1;
  const stored = await getReport(agency.id, year);
  const reminder = reportReminder(agency, stored, today);
  let sent = false;
  if (reminder) {
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
      sent = true;
    } catch (error) {
      // Someone saved the report meanwhile: tomorrow's sweep reminds if it is still outstanding.
      if (!(error instanceof StaleVersionError)) throw error;
      await moveOnReminderAgenda(entry, addDays(today, 1));
      return false;
    }
  }
  await moveOnReminderAgenda(entry, nextReminderCheck(agency.kind, today));
  return sent;
}
