import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { openStatuses } from '#core/workflow.ts';
import { db, tableName } from '#lib/dynamo.ts';
import * as keys from './keys.ts';
import type { StaffMember } from './staff.ts';

/** Items read at most when looking for someone's open work (each list a single page). */
const draftReadBudget = 300;

/**
 * What a member of staff leaves open, to hand over when the account is disabled: the applications
 * assigned to them that are still open (their queue index), and their drafts among the agency's
 * most recently changed publications (`complete` false when the look stopped at its budget).
 */
export async function openWorkOf(member: Pick<StaffMember, 'username' | 'agencyId'>) {
  const { gsi4pk } = keys.queue(member.agencyId, '', member.username, null, '');
  const [assigned, recent] = await Promise.all([
    db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi4',
        // Open ones with a deadline sort first; then those without one, among the ended.
        KeyConditionExpression: 'gsi4pk = :pk',
        FilterExpression: `#status IN (${openStatuses.map((_, i) => `:s${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pk': gsi4pk,
          ...Object.fromEntries(openStatuses.map((status, i) => [`:s${i}`, status])),
        },
        Limit: draftReadBudget,
      }),
    ),
    db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        FilterExpression: 'createdBy = :user AND #status = :draft',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pk': keys.agencyPublicationList(member.agencyId).gsi1pk,
          ':user': member.username,
          ':draft': 'draft',
        },
        ScanIndexForward: false,
        Limit: draftReadBudget,
      }),
    ),
  ]);
  return {
    applications: (assigned.Items ?? []).map((a) => ({
      receiptNumber: String(a.receiptNumber),
      status: String(a.status),
      due: (a.queueDue as string | null) ?? null,
      title: String((a.request as { title?: string } | undefined)?.title ?? ''),
    })),
    drafts: (recent.Items ?? []).map((p) => ({
      id: String(p.id),
      title: String((p.content as { title?: string } | undefined)?.title ?? ''),
      updatedAt: String(p.updatedAt),
    })),
    complete: !recent.LastEvaluatedKey && !assigned.LastEvaluatedKey,
  };
}
