/** Delivery of the outbox's e-mail: by the mailer as items are written, and retried by the sweep. */
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionHeld, db, tableName } from '#lib/dynamo.ts';
import { metric } from '#lib/metrics.ts';
import { errorFields, log, withLogFields } from '#lib/log.ts';
import { sendMail } from '#lib/mail.ts';
import type { OutboxMail } from './outbox.ts';
import * as keys from './keys.ts';
import { pendingMail } from './outbox.ts';

/**
 * How long one attempt holds a message: longer than a send can take (the SMTP transport gives up
 * within 30 s, the mailer's function within 60 s), so no second attempt sends it meanwhile; short
 * enough that a message whose attempt died goes with the next retry of mail pending (every 10
 * minutes: the sweep function's `retry: 'mail'` schedule).
 */
const leaseMs = 2 * 60_000;

const names = { '#claim': 'deliveryClaim', '#until': 'claimedUntil' };
const undelivered = { ':pending': 'pending', ':failed': 'failed' };

const outboxKey = (mail: OutboxMail) => keys.outbox(mail.agencyId, mail.at, mail.receiptNumber, mail.version);

/**
 * Claims the message for one attempt (`claim`): only while it is undelivered and no other attempt's
 * lease runs. False: another attempt holds it, or it was delivered already (the stream and the
 * sweep's list may both hand it on).
 */
function claimMail(mail: OutboxMail, claim: string): Promise<boolean> {
  const now = new Date();
  return conditionHeld(
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: outboxKey(mail),
        UpdateExpression: 'SET #claim = :claim, #until = :until',
        ConditionExpression: 'delivery IN (:pending, :failed) AND (attribute_not_exists(#until) OR #until < :now)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: {
          ...undelivered,
          ':claim': claim,
          ':until': new Date(now.getTime() + leaseMs).toISOString(),
          ':now': now.toISOString(),
        },
      }),
    ),
  );
}

/**
 * Records an attempt's result, releasing its claim. Only over an undelivered message, so `sent` is
 * never overwritten (a send that outlived its lease and another attempt's both succeeding: the
 * first recorded stands); a failure only by the attempt still holding the claim.
 */
function recordResult(mail: OutboxMail, claim: string, result: Pick<OutboxMail, 'delivery' | 'messageId'>) {
  const failed = result.delivery === 'failed';
  return conditionHeld(
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: outboxKey(mail),
        // Delivered, it leaves the list of mail pending; failed, it stays there for the sweep.
        // The time of sending is the proof of an e-mailed letter's service (送达).
        UpdateExpression: `SET delivery = :delivery, messageId = :id, deliveredAt = :at REMOVE #claim, #until${failed ? '' : ', gsi1pk, gsi1sk'}`,
        ConditionExpression: `delivery IN (:pending, :failed)${failed ? ' AND #claim = :claim' : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: {
          ...undelivered,
          ':delivery': result.delivery,
          ':id': result.messageId ?? null,
          ':at': new Date().toISOString(),
          ...(failed && { ':claim': claim }),
        },
      }),
    ),
  );
}

/**
 * Hands one message to the mail service and records the result, once it has claimed the message:
 * undefined when another attempt holds it or it was delivered already (nothing sent). A failure is
 * recorded, not thrown: the step that wrote the message has succeeded, and the sweep retries failed
 * and pending mail.
 */
export async function deliver(mail: OutboxMail): Promise<OutboxMail['delivery'] | undefined> {
  const claim = randomUUID();
  if (!(await claimMail(mail, claim))) return undefined;
  let result: Pick<OutboxMail, 'delivery' | 'messageId'>;
  try {
    result = await sendMail(mail);
  } catch (error) {
    log.warn('mail delivery failed', {
      receiptNumber: mail.receiptNumber,
      letterNumber: mail.letterNumber,
      ...errorFields(error),
    });
    result = { delivery: 'failed' };
    metric('MailFailed');
  }
  // Under the id of the request that wrote the message (the caller's log fields).
  if (await recordResult(mail, claim, result)) log.info('mail delivery recorded', { delivery: result.delivery });
  else log.warn('mail delivery not recorded: another attempt recorded it first', { delivery: result.delivery });
  return result.delivery;
}

/** Messages read per round of the retry. */
const round = 100;

/**
 * Every message not yet sent (pending, or failed before), from the list of mail pending, not from
 * every agency's outbox: the sweep's retry, and the local stand-in for the stream. A message that
 * fails again stays on the list; each is tried once per call.
 */
export async function deliverPending(): Promise<{ retried: number; sent: number }> {
  const result = { retried: 0, sent: 0 };
  const tried = new Set<string>();
  for (
    let page = await pendingMail(round);
    page.some((m) => !tried.has(m.at + m.receiptNumber + m.version));
    page = await pendingMail(round + tried.size)
  ) {
    for (const mail of page) {
      const id = mail.at + mail.receiptNumber + mail.version;
      if (tried.has(id)) continue;
      tried.add(id);
      // The retry's lines carry the request that wrote the message, as its first delivery's did. The
      // list is an index and may lag: the claim skips a message the mailer sent or is sending.
      const delivery = await withLogFields({ requestId: mail.requestId }, () => deliver(mail));
      if (delivery === undefined) continue;
      result.retried += 1;
      if (delivery === 'sent') result.sent += 1;
    }
  }
  return result;
}
