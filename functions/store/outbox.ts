/** The agency's outbox: e-mail written in the transaction of the letter it carries, then delivered. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, queryAll, tableName } from '#lib/dynamo.ts';
import { log } from '#lib/log.ts';
import { sendMail } from '#lib/mail.ts';
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

/**
 * Hands one message to the mail service and records the result. A failure is recorded, not thrown:
 * the step that wrote the message has succeeded, and the sweep retries failed and pending mail.
 */
export async function deliver(mail: OutboxMail): Promise<OutboxMail['delivery']> {
  let result: Pick<OutboxMail, 'delivery' | 'messageId'>;
  try {
    result = await sendMail(mail);
  } catch (error) {
    log.warn('mail delivery failed', { receiptNumber: mail.receiptNumber, letterNumber: mail.letterNumber, error: (error as Error).name });
    result = { delivery: 'failed' };
  }
  await db.send(new UpdateCommand({
    TableName: tableName,
    Key: keys.outbox(mail.agencyId, mail.at, mail.receiptNumber, mail.version),
    UpdateExpression: 'SET delivery = :delivery, messageId = :id',
    ExpressionAttributeValues: { ':delivery': result.delivery, ':id': result.messageId ?? null },
  }));
  return result.delivery;
}
