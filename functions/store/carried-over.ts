/** Cases carried over from an old system: each old number claimed once per agency, with its history as events. */
import { caseStateOf, type TimelineEvent } from '#core/application.ts';
import { chained, receivedHash, stateHash } from '#core/case-chain.ts';
import { applicationCounters, counterChanges } from '#core/report-counts.ts';
import type { Placement } from '#core/workflow.ts';
import { batchGet, failedConditions, tableName, transactWrite } from '#lib/dynamo.ts';
import { applicantReceiptWrites } from './applicant-receipts.ts';
import { newApplicationPut, type StoredApplication, type StoredEvent } from './applications.ts';
import * as keys from './keys.ts';
import { openIndexItem } from './placement.ts';
import { counterWrites } from './stats.ts';

/** Which of these old numbers were carried over already, and as which receipt numbers. */
export async function carriedAlready(agencyId: string, oldNumbers: readonly string[]): Promise<Map<string, string>> {
  const found = await batchGet(oldNumbers.map((n) => keys.carriedClaim(agencyId, n)));
  return new Map(found.map((item) => [String(item.sk).slice('CARRIED#'.length), item.receiptNumber as string]));
}

/**
 * A case carried over from the old system: the application as its history left it, each step of
 * that history as an event, its place in the queue and the sweep's agenda, its counters (本年新收 in
 * its receipt year, so 上年结转 after), the applicant's list, and the claim on its old number: false
 * if another call carried it over first.
 */
export async function recordCarriedOver(
  application: StoredApplication,
  oldNumber: string,
  events: (TimelineEvent & { actor?: string; actorName?: string; public: boolean })[],
  place: Placement,
): Promise<boolean> {
  // The carried-over history is chained as it is written; the last event holds the state it left.
  const links: StoredEvent[] = [];
  let head = '';
  events.forEach((event, i) => {
    const link = chained(application.receiptNumber, head, {
      ...event,
      ...(i === events.length - 1 && {
        stateHash: stateHash(caseStateOf(application)),
        receivedHash: receivedHash(application),
      }),
    });
    head = link.hash!;
    links.push(link);
  });
  try {
    await transactWrite([
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.carriedClaim(application.agencyId, oldNumber), receiptNumber: application.receiptNumber },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      newApplicationPut({ ...application, ...(links.length && { chainHead: head }) }, place),
      ...links.map((event, i) => ({
        Put: {
          TableName: tableName,
          Item: { ...keys.applicationEvent(application.receiptNumber, event.at, i), ...event },
        },
      })),
      openIndexItem(application, place),
      ...(await counterWrites(application.agencyId, counterChanges(new Map(), applicationCounters(application)))),
      ...applicantReceiptWrites(application, 'received'),
    ]);
    return true;
  } catch (error) {
    if (failedConditions(error).includes(0)) return false;
    throw error;
  }
}
