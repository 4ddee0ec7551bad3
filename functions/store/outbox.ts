/** The agency's outbox: e-mail written in the transaction of the letter it carries (delivery: delivery.ts). */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, queryPage, tableName } from '#lib/dynamo.ts';
import { requestTrace } from '#lib/log.ts';
import * as keys from './keys.ts';

/** An e-mail waiting in (or sent from) the agency's outbox. */
export interface OutboxMail {
  agencyId: string;
  receiptNumber: string;
  letterNumber: string;
  /** The application's version the letter was issued at. */
  version: number;
  to: string;
  subject: string;
  text: string;
  at: string;
  /** What staff see in the outbox instead of `text`, where the mail carries the applicant's secret (a recovery link). */
  staffText?: string;
  /** pending: not yet handed to the mail service; local: kept in the local outbox (not sent); sent; failed (retried by the sweep). */
  delivery: 'pending' | 'local' | 'sent' | 'failed';
  messageId?: string;
  /** When the mail service took it (or last refused it). */
  deliveredAt?: string;
  /** The request that wrote it: the mailer's and the sweep's lines about it carry this id. */
  requestId?: string;
}

/** The write that puts a message in the agency's outbox, and, until it is delivered, on the list of mail pending. */
export const outboxPut = (mail: OutboxMail) => ({
  Put: {
    TableName: tableName,
    Item: {
      ...keys.outbox(mail.agencyId, mail.at, mail.receiptNumber, mail.version),
      ...keys.mailPending(mail.at, mail.agencyId, mail.receiptNumber, mail.version),
      ...requestTrace(),
      ...mail,
    },
  },
});

/** Mail not yet delivered across agencies, oldest first: one bounded page. */
export async function pendingMail(limit: number): Promise<OutboxMail[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': 'MAILPENDING' },
      Limit: limit,
    }),
  );
  return Items as OutboxMail[];
}

/** A page of the agency's e-mail, newest first. */
export function outboxPage(agencyId: string, page: { limit: number; cursor?: string }) {
  const { pk, skPrefix } = keys.outboxPrefix(agencyId);
  return queryPage<OutboxMail>(
    {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ScanIndexForward: false,
    },
    { ...page, keyNames: ['pk', 'sk'], partition: ['pk', pk] },
  );
}

/** One message of the mail log: the e-mail that carried a letter (its key from the letter's `mailAt`). */
export async function getOutboxMail(
  agencyId: string,
  at: string,
  receiptNumber: string,
  version: number,
): Promise<OutboxMail | undefined> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.outbox(agencyId, at, receiptNumber, version),
      ConsistentRead: true,
    }),
  );
  return Item as OutboxMail | undefined;
}
