/** Delivery of the outbox's e-mail: by the mailer as items are written, and retried by the sweep. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';
import { errorFields, log } from '#lib/log.ts';
import { sendMail } from '#lib/mail.ts';
import { listAgencies } from './agencies.ts';
import type { OutboxMail } from './applications.ts';
import { keys } from './design.ts';
import { listOutbox } from './outbox.ts';

/**
 * Hands one message to the mail service and records the result. A failure is recorded, not thrown:
 * the step that wrote the message has succeeded, and the sweep retries failed and pending mail.
 */
export async function deliver(mail: OutboxMail): Promise<OutboxMail['delivery']> {
  let result: Pick<OutboxMail, 'delivery' | 'messageId'>;
  try {
    result = await sendMail(mail);
  } catch (error) {
    log.warn('mail delivery failed', { receiptNumber: mail.receiptNumber, letterNumber: mail.letterNumber, ...errorFields(error) });
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

/** Every message not yet sent (pending, or failed before): the sweep's retry, and the local stand-in for the stream. */
export async function deliverPending(): Promise<{ retried: number; sent: number }> {
  const result = { retried: 0, sent: 0 };
  for (const agency of await listAgencies()) {
    for (const mail of await listOutbox(agency.id)) {
      if (mail.delivery !== 'pending' && mail.delivery !== 'failed') continue;
      result.retried += 1;
      if ((await deliver(mail)) === 'sent') result.sent += 1;
    }
  }
  return result;
}
