/**
 * 找回查询码: a one-time link sent to the e-mail address on file, and the new query code it issues.
 * The link's token is kept only as a hash; using it spends it, and replaces the code's hash, in one
 * write. One link is outstanding per application at a time (a new request replaces it). Staff may
 * also issue a new code themselves (a paper applicant with no e-mail), which spends any link.
 */
import { createHash, randomBytes } from 'node:crypto';
import { conditionHeld, tableName, transactWrite } from '#lib/dynamo.ts';
import type { OutboxMail } from './outbox.ts';
import * as keys from './keys.ts';
import { outboxPut } from './outbox.ts';

export const recoveryMinutes = 30;
const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Records a new link for `receiptNumber` and puts the mail that carries it in the agency's outbox. */
export async function sendRecoveryLink(receiptNumber: string, mail: (token: string) => OutboxMail): Promise<void> {
  const token = randomBytes(24).toString('base64url');
  const expiresAt = Math.ceil(Date.now() / 1000) + recoveryMinutes * 60;
  await transactWrite([
    {
      Put: {
        TableName: tableName,
        Item: { ...keys.codeRecovery(receiptNumber), tokenHash: digest(token), expiresAt },
      },
    },
    outboxPut(mail(token)),
  ]);
}

/**
 * Spends the link and gives the application the new code's hash, with a public timeline entry.
 * False when the link is not the outstanding one, was used, or has expired.
 */
export async function useRecoveryLink(
  receiptNumber: string,
  token: string,
  code: { hash: string; salt: string },
  event: { at: string; version: number; text: string },
): Promise<boolean> {
  return conditionHeld(
    transactWrite([
      {
        Delete: {
          TableName: tableName,
          Key: keys.codeRecovery(receiptNumber),
          ConditionExpression: 'tokenHash = :hash AND expiresAt > :now',
          ExpressionAttributeValues: { ':hash': digest(token), ':now': Math.floor(Date.now() / 1000) },
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: keys.application(receiptNumber),
          UpdateExpression: 'SET queryCodeHash = :hash, queryCodeHashSalt = :salt',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':hash': code.hash, ':salt': code.salt },
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.applicationEvent(receiptNumber, event.at, event.version),
            at: event.at,
            type: 'codeRecovered',
            text: event.text,
            public: true,
          },
        },
      },
    ]),
  );
}

/**
 * A new query code issued by staff of the application's agency: the code's hash replaced (the old
 * code stops working), any outstanding recovery link spent, and a timeline entry naming who did it
 * and why, in one write. False: no such application of that agency.
 */
export async function reissueQueryCode(
  receiptNumber: string,
  agencyId: string,
  code: { hash: string; salt: string },
  event: { at: string; version: number; text: string; actor: string; actorName?: string },
): Promise<boolean> {
  return conditionHeld(
    transactWrite([
      { Delete: { TableName: tableName, Key: keys.codeRecovery(receiptNumber) } },
      {
        Update: {
          TableName: tableName,
          Key: keys.application(receiptNumber),
          UpdateExpression: 'SET queryCodeHash = :hash, queryCodeHashSalt = :salt',
          ConditionExpression: 'attribute_exists(pk) AND agencyId = :agency',
          ExpressionAttributeValues: { ':hash': code.hash, ':salt': code.salt, ':agency': agencyId },
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.applicationEvent(receiptNumber, event.at, event.version),
            at: event.at,
            type: 'codeReissued',
            text: event.text,
            actor: event.actor,
            ...(event.actorName && { actorName: event.actorName }),
            public: true,
          },
        },
      },
    ]),
  );
}
