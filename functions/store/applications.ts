/**
 * The application record itself: received (with its first event, counters and receipt e-mail),
 * read with its timeline, moved by each step of its handling, and its case-file exports recorded.
 */
import { randomUUID } from 'node:crypto';
import { type NativeAttributeValue, PutCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { caseStateOf, type Application, type LinkedUpload, type TimelineEvent } from '#core/application.ts';
import { letterKinds } from '#core/letters.ts';
import { chained, letterHash, receivedHash, stateHash, type ChainEvent } from '#core/case-chain.ts';
import { applicationCounters, counterChanges } from '#core/report-counts.ts';
import type { IsoDate } from '#core/dates.ts';
import type { AuditEvent, CaseState, Placement } from '#core/workflow.ts';
import { db, queryAll, tableName, transactWrite } from '#lib/dynamo.ts';
import { applicantReceiptWrites } from './applicant-receipts.ts';
import * as keys from './keys.ts';
import { numberedLetter, type LetterToIssue, type StoredLetter } from './letters.ts';
import { outboxPut, type OutboxMail } from './outbox.ts';
import { openIndexItem, openIndexWrite, queueAttributes, setAttributes } from './placement.ts';
import { counterWrites } from './stats.ts';
import { takingNumbers, transactStep } from './sequences.ts';
import { StaleVersionError } from './stale.ts';

export interface StoredApplication extends Application {
  queryCodeHash: string;
  queryCodeHashSalt: string;
  /** The deadline the queue is ordered by, as of the last step (see `queueDue`). */
  queueDue?: IsoDate | null;
  /** Applicant's name, the request's title and the receipt number, normalised for the queue's search. */
  searchText?: string;
  /** The letters to the applicant (by version) with no proof of service yet. */
  unserved?: Set<number>;
  /** The hash of the last event in the chain over its steps (core/case-chain.ts). */
  chainHead?: string;
}

/** A new application with its list and queue keys (never over one already there). */
export const newApplicationPut = (application: StoredApplication, place: Placement) => ({
  Put: {
    TableName: tableName,
    Item: {
      ...keys.application(application.receiptNumber),
      ...keys.agencyApplications(application.agencyId, application.receiptDate, application.receiptNumber),
      ...queueAttributes(application, place.queueDue),
      ...application,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

export interface Submission {
  application: StoredApplication;
  event: TimelineEvent;
  keyHash: string;
  claimedAt: number;
  codeSalt: string;
  replyDue: string | null;
  place: Placement;
  /** The 受理回执 e-mail, when the applicant gave an address. */
  mail?: OutboxMail;
}

/**
 * One transaction: the application, its first timeline event, the report counter it adds to
 * (本年新收, by receipt year and applicant column), the receipt's e-mail and the idempotency record's result.
 */
export async function recordSubmission(submission: Submission): Promise<void> {
  const { event, keyHash, claimedAt, codeSalt, replyDue, place } = submission;
  // The chain over the case's steps starts here (core/case-chain.ts).
  const first = chained(submission.application.receiptNumber, '', {
    ...event,
    public: true,
    stateHash: stateHash(caseStateOf(submission.application)),
    receivedHash: receivedHash(submission.application),
  });
  const application = { ...submission.application, chainHead: first.hash };
  await transactWrite([
    newApplicationPut(application, place),
    {
      Put: {
        TableName: tableName,
        Item: { ...keys.applicationEvent(application.receiptNumber, event.at, 0), ...first },
      },
    },
    openIndexItem(application, place),
    ...(await counterWrites(application.agencyId, counterChanges(new Map(), applicationCounters(application)))),
    ...applicantReceiptWrites(application, 'received'),
    ...(submission.mail ? [outboxPut(submission.mail)] : []),
    {
      Update: {
        TableName: tableName,
        Key: keys.idempotency(keyHash),
        UpdateExpression:
          'SET #state = :done, receiptNumber = :number, codeSalt = :salt, receiptDate = :date, replyDue = :due',
        ConditionExpression: 'claimedAt = :claimedAt',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':done': 'done',
          ':number': application.receiptNumber,
          ':salt': codeSalt,
          ':date': application.receiptDate,
          ':due': replyDue,
          ':claimedAt': claimedAt,
        },
      },
    },
  ]);
}

/** An event as stored: its timeline fields and, since the case file, its place in the hash chain. */
export type StoredEvent = ChainEvent;

/**
 * Every item of one application's partition (the application, its events, letters, cases, exports):
 * one query, and its further pages if a long case passes the query's 1 MB (letters sort last).
 */
async function applicationPartition(receiptNumber: string) {
  const Items = await queryAll<Record<string, NativeAttributeValue>>({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.application(receiptNumber).pk },
    ConsistentRead: true,
  });
  const item = Items.find((i) => i.sk === 'APP');
  const of = (prefix: string) => Items.filter((i) => String(i.sk).startsWith(prefix));
  return item && { application: withoutStorageKeys(item) as unknown as StoredApplication, of };
}

/** The application, its whole timeline (public and internal, oldest first) and its letters, in one query. */
export async function getApplication(
  receiptNumber: string,
): Promise<
  | { application: StoredApplication; events: StoredEvent[]; exports: CaseFileExport[]; letters: StoredLetter[] }
  | undefined
> {
  const found = await applicationPartition(receiptNumber);
  if (!found) return undefined;
  const events = found
    .of('EVENT#')
    .map(
      ({ at, type, text, actor, actorName, public: visible }) =>
        ({ at, type, text, actor, ...(actorName && { actorName }), public: visible !== false }) as StoredEvent,
    );
  const exports = found
    .of('EXPORT#')
    .map(
      ({ at, by, byName, purpose, sha256 }) =>
        ({ at, by, ...(byName && { byName }), ...(purpose && { purpose }), sha256 }) as CaseFileExport,
    );
  return { application: found.application, events, exports, letters: found.of('LETTER#') as StoredLetter[] };
}

/** The record as the domain knows it: without the table's and indexes' keys and the search form. */
const withoutStorageKeys = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !/^(pk|sk|gsi\d+(pk|sk)|searchText)$/.test(name)));

/** Everything kept of one application, as stored (the case file reads it): events with their chain fields. */
export async function caseRecords(receiptNumber: string) {
  const found = await applicationPartition(receiptNumber);
  if (!found) return undefined;
  const { application, of } = found;
  return {
    application,
    events: of('EVENT#').map(
      ({ at, type, text, actor, actorName, public: visible, stateHash, letter, receivedHash, prevHash, hash }) =>
        ({
          at,
          type,
          text,
          ...(actor && { actor }),
          ...(actorName && { actorName }),
          public: visible !== false,
          ...(stateHash && { stateHash }),
          ...(letter && { letter }),
          ...(receivedHash && { receivedHash }),
          ...(prevHash !== undefined && { prevHash }),
          ...(hash && { hash }),
        }) as StoredEvent,
    ),
    letters: of('LETTER#') as unknown as StoredLetter[],
    /** 复议/诉讼 recorded against it (table 四's cases, store/reports.ts). */
    cases: of('CASE#').map(withoutStorageKeys),
    exports: of('EXPORT#').map(
      ({ at, by, byName, purpose, sha256 }) => ({ at, by, byName, purpose, sha256 }) as CaseFileExport,
    ),
  };
}

export interface CaseFileExport {
  at: string;
  by: string;
  byName?: string;
  /** What it was taken for (the 复议 or the suit it answers). */
  purpose?: string;
  /** The archive's SHA-256, as handed over. */
  sha256: string;
}

/** The audit of a case file taken: who took it, when, and the hash of what they took. */
export async function recordCaseFileExport(receiptNumber: string, entry: CaseFileExport): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...keys.caseFileExport(receiptNumber, entry.at, randomUUID().slice(0, 8)), ...entry },
    }),
  );
}

/** An agency's applications, newest receipt first (the staff queue). */
export function listAgencyApplications(agencyId: string): Promise<StoredApplication[]> {
  return queryAll<StoredApplication>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.agencyApplicationList(agencyId).gsi1pk },
    ScanIndexForward: false,
  });
}

/**
 * One transaction: the application's new state (only if still at `expectedVersion` and of the
 * agency acting), its audit event, the open-applications entry, and, as the step requires: the
 * report counters it changes (its ending, its fee); the letter it issues,
 * numbered without gaps (the sequence moves only if the letter is written); the letter's e-mail in
 * the outbox.
 */
export async function recordTransition(options: {
  application: StoredApplication;
  expectedVersion: number;
  agencyId: string;
  state: CaseState;
  event: AuditEvent;
  /** Shown on the applicant's timeline (internal steps such as an extension request are not). */
  visibleToApplicant: boolean;
  /** Where the new state sits in the queue and the sweep's agenda (`placement` of it). */
  place: Placement;
  letter?: LetterToIssue;
  /** The application's uploads as they now stand, when the step brings files (a correction's). */
  uploads?: LinkedUpload[];
  /** The receipt note, when the step moved the receipt date (the old note named the old day). */
  receiptNote?: string;
  /** The letter (by version) whose service the step records: it leaves the list awaiting proof. */
  served?: number;
}): Promise<{ version: number; letter?: StoredLetter; mail?: OutboxMail }> {
  const { application, expectedVersion, agencyId, state, event, visibleToApplicant, letter } = options;
  const { status, clock, ...handling } = state;
  const version = expectedVersion + 1;
  const number = application.receiptNumber;
  const at = new Date().toISOString();
  const counters = counterChanges(
    applicationCounters(application),
    applicationCounters({ ...application, receiptDate: clock.receiptDate, clock, handling }),
  );
  const counted = await counterWrites(application.agencyId, counters);
  const year = Number(event.on.slice(0, 4));
  const queue = setAttributes(queueAttributes({ ...application, status, handling }, options.place.queueDue));
  // The step joins the chain: after the application's head, with the state it leaves (core/case-chain.ts).
  // With the letter it issues (once numbered) and, where it brings files, the application as received.
  const linkWith = (issued?: StoredLetter) =>
    chained(number, application.chainHead ?? '', {
      at,
      type: event.type,
      text: event.text,
      actor: event.actor,
      ...(event.actorName && { actorName: event.actorName }),
      public: visibleToApplicant,
      stateHash: stateHash(state),
      ...(issued && { letter: { number: issued.number, hash: letterHash(issued) } }),
      ...(options.uploads && { receivedHash: receivedHash({ ...application, uploads: options.uploads }) }),
    });
  // Letters to the applicant wait for proof of service (the queue flags them) until it is recorded or read online.
  const issuesToApplicant = letter !== undefined && letterKinds[letter.kind].toApplicant;
  const awaiting = issuesToApplicant
    ? ' ADD unserved :issued'
    : options.served !== undefined
      ? ' DELETE unserved :served'
      : '';
  const writesWith = (link: ReturnType<typeof linkWith>): NonNullable<TransactWriteCommandInput['TransactItems']> => [
    {
      Update: {
        TableName: tableName,
        Key: keys.application(number),
        UpdateExpression: `SET #status = :status, clock = :clock, handling = :handling, receiptDate = :receiptDate, version = :version, chainHead = :chainHead, ${queue.set}${options.uploads ? ', uploads = :uploads' : ''}${options.receiptNote ? ', receiptNote = :receiptNote' : ''}${awaiting}`,
        ConditionExpression: 'version = :expected AND agencyId = :agency',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':clock': clock,
          ':handling': handling,
          ':receiptDate': clock.receiptDate,
          ':version': version,
          ':chainHead': link.hash,
          ':expected': expectedVersion,
          ':agency': agencyId,
          ...queue.values,
          ...(options.uploads && { ':uploads': options.uploads }),
          ...(options.receiptNote && { ':receiptNote': options.receiptNote }),
          ...(issuesToApplicant && { ':issued': new Set([version]) }),
          ...(options.served !== undefined && { ':served': new Set([options.served]) }),
        },
      },
    },
    {
      Put: {
        TableName: tableName,
        Item: { ...keys.applicationEvent(number, at, version), ...link },
      },
    },
    openIndexWrite(number, application.agencyId, version, state, options.place),
    ...counted,
    ...applicantReceiptWrites(
      application,
      { movedTo: clock.receiptDate },
      Boolean(handling.identityConfirmed) && !application.handling?.identityConfirmed,
    ),
  ];
  const stale = () => new StaleVersionError();
  if (!letter) {
    await transactStep(writesWith(linkWith()), stale);
    return { version };
  }
  // Another letter of the same kind may take the number first: then take the next one.
  return takingNumbers(async () => {
    const { issued, mail, writes } = await numberedLetter(application, letter, version, year, at);
    await transactStep([...writesWith(linkWith(issued)), ...writes], stale);
    return { version, letter: issued, mail };
  });
}
