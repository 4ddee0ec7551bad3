/** The agency's outbox: e-mail written in the transaction of the letter it carries (delivery: delivery.ts). */
import { queryAll } from '#lib/dynamo.ts';
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
