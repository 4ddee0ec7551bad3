/**
 * An applicant's own list of applications to an agency, by identity number (109号 按件计收 counts per
 * applicant per month): kept with the application, and read for the applicant's earlier ones.
 */
import { createHash } from 'node:crypto';
import { QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { applicantIdentity, type Application } from '#core/application.ts';
import { batchGet, db, queryAll, tableName } from '#lib/dynamo.ts';
import type { StoredApplication } from './applications.ts';
import * as keys from './keys.ts';

const applicantReceiptKey = (application: Application, receiptDate: string) =>
  keys.applicantReceipt(
    application.agencyId,
    createHash('sha256').update(applicantIdentity(application.applicant)).digest('hex').slice(0, 32),
    receiptDate,
    application.receiptNumber,
  );

/**
 * The applicant's entry in their own list of applications to the agency, kept with the application:
 * written on receipt, moved when the date of receipt is corrected.
 */
export function applicantReceiptWrites(
  application: Application,
  change: 'received' | { movedTo: string },
  identityConfirmed = false,
): NonNullable<TransactWriteCommandInput['TransactItems']> {
  const to = change === 'received' ? application.receiptDate : change.movedTo;
  if (change !== 'received' && to === application.receiptDate && !identityConfirmed) return [];
  const put = {
    Put: {
      TableName: tableName,
      Item: {
        ...applicantReceiptKey(application, to),
        receiptNumber: application.receiptNumber,
        ...(identityConfirmed && { identityConfirmed }),
      },
    },
  };
  if (change !== 'received' && to === application.receiptDate) return [put];
  return change === 'received'
    ? [put]
    : [{ Delete: { TableName: tableName, Key: applicantReceiptKey(application, application.receiptDate) } }, put];
}

/**
 * Applications made with the same identity number to the agency earlier in the calendar month of
 * this one's receipt (109号 按件计收 counts per applicant per month), each with whether staff checked
 * the applicant's identity at receipt: only those count as the same applicant's (anyone may type a
 * stranger's number). Read from that number's own list, so the work is bounded by what one number
 * asks of the agency in a month, not by the agency's total.
 */
export async function earlierThisMonth(
  application: Application,
): Promise<{ receiptNumber: string; receiptDate: string; identityConfirmed: boolean }[]> {
  const own = applicantReceiptKey(application, application.receiptDate);
  const items = await queryAll<{ sk: string; receiptNumber: string; identityConfirmed?: boolean }>({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': own.pk, ':from': `${application.receiptDate.slice(0, 7)}-01`, ':to': own.sk },
    ProjectionExpression: 'sk, receiptNumber, identityConfirmed',
  });
  return items
    .filter((item) => item.sk !== own.sk)
    .map((item) => ({
      receiptNumber: item.receiptNumber,
      receiptDate: item.sk.slice(0, 10),
      identityConfirmed: item.identityConfirmed === true,
    }));
}

/**
 * The same identity number's applications to the agency received from `fromDate` up to this one
 * (at most `limit`, newest first), read from that number's own list: bounded by what one applicant
 * asks of one agency, not by the agency's total.
 */
export async function applicantsEarlier(
  application: Application,
  fromDate: string,
  limit: number,
): Promise<StoredApplication[]> {
  const own = applicantReceiptKey(application, application.receiptDate);
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': own.pk, ':from': fromDate, ':to': own.sk },
      ScanIndexForward: false,
      Limit: limit + 1,
    }),
  );
  const numbers = Items.map((i) => i.receiptNumber as string).filter((n) => n !== application.receiptNumber);
  return (await batchGet(numbers.slice(0, limit).map((n) => keys.application(n)))) as unknown as StoredApplication[];
}
