/** The agency's outbox: e-mail written in the transaction of the letter it carries (delivery: delivery.ts). */
import { queryAll, queryPage } from '#lib/dynamo.ts';
import type { OutboxMail } from './applications.ts';
import { keys } from './design.ts';

/** The agency's e-mail, newest first. */
export function listOutbox(agencyId: string): Promise<OutboxMail[]> {
  const { pk, skPrefix } = keys.outboxPrefix(agencyId);
  return queryAll<OutboxMail>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    ScanIndexForward: false,
  });
}

/** A page of the agency's e-mail, newest first. */
export function outboxPage(agencyId: string, page: { limit: number; cursor?: string }) {
  const { pk, skPrefix } = keys.outboxPrefix(agencyId);
  return queryPage<OutboxMail>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    ScanIndexForward: false,
  }, { ...page, keyNames: ['pk', 'sk'], partition: ['pk', pk] });
}
