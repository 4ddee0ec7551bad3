/** An application's letters (文书): numbered and issued with a step, listed, and read online by the applicant. */
import { formatLetterNumber, letterText, type Letter, type LetterKind } from '#core/letters.ts';
import { conditionHeld, queryAll, tableName, transactWrite } from '#lib/dynamo.ts';
import * as keys from './keys.ts';
import { outboxPut, type OutboxMail } from './outbox.ts';
import { advanceSequence, readSequence } from './sequences.ts';

export interface StoredLetter extends Letter {
  receiptNumber: string;
  version: number;
  /** When the applicant first opened it on the status page (网上送达). */
  readAt?: string;
  /** When its e-mail was written to the outbox (the key of the mail log entry). */
  mailAt?: string;
}

export interface LetterToIssue {
  kind: LetterKind;
  prefix: string;
  compose: (number: string) => Letter;
  /** Where to e-mail it, if the applicant gave an address and the letter is theirs. */
  email?: string;
}

/**
 * The letter a step issues at the application's `version`, numbered next in its kind's sequence of the
 * year, with the writes that go into the step's transaction: the sequence moved (only from the number
 * read, so no number is skipped or taken twice), the letter, and its e-mail in the outbox when the
 * applicant gave an address and the letter is theirs. Run inside `takingNumbers`.
 */
export async function numberedLetter(
  application: { agencyId: string; receiptNumber: string },
  letter: LetterToIssue,
  version: number,
  year: number,
  at: string,
) {
  const sequenceKey = keys.letterSequence(application.agencyId, letter.kind, year);
  const sequence = (await readSequence(sequenceKey)) + 1;
  const composed = letter.compose(formatLetterNumber(letter.prefix, letter.kind, year, sequence));
  const mailed = Boolean(letter.email && composed.toApplicant);
  const issued: StoredLetter = {
    ...composed,
    receiptNumber: application.receiptNumber,
    version,
    ...(mailed && { mailAt: at }),
  };
  const mail: OutboxMail | undefined =
    letter.email && mailed
      ? {
          agencyId: application.agencyId,
          receiptNumber: application.receiptNumber,
          letterNumber: issued.number,
          version,
          to: letter.email,
          subject: `${issued.title}（${issued.number}）`,
          text: letterText(issued),
          at,
          delivery: 'pending',
        }
      : undefined;
  const writes = [
    advanceSequence(sequenceKey, sequence),
    {
      Put: { TableName: tableName, Item: { ...keys.applicationLetter(application.receiptNumber, version), ...issued } },
    },
    ...(mail ? [outboxPut(mail)] : []),
  ];
  return { issued, mail, writes };
}

/**
 * The applicant opened a letter on the status page: the first time is its online service (网上送达),
 * and the letter no longer waits for proof. Later readings change nothing.
 */
export async function markLetterRead(receiptNumber: string, version: number): Promise<void> {
  await conditionHeld(
    transactWrite([
      {
        Update: {
          TableName: tableName,
          Key: keys.applicationLetter(receiptNumber, version),
          UpdateExpression: 'SET readAt = :now',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(readAt)',
          ExpressionAttributeValues: { ':now': new Date().toISOString() },
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: keys.application(receiptNumber),
          UpdateExpression: 'DELETE unserved :v',
          ExpressionAttributeValues: { ':v': new Set([version]) },
        },
      },
    ]),
  );
}

/** The letters of an application, oldest first. */
export async function listLetters(receiptNumber: string): Promise<StoredLetter[]> {
  return queryAll<StoredLetter>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :letter)',
    ExpressionAttributeValues: { ':pk': keys.application(receiptNumber).pk, ':letter': 'LETTER#' },
    ConsistentRead: true,
  });
}
