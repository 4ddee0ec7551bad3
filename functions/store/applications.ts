import { createHash, randomUUID } from 'node:crypto';
import {
  type NativeAttributeValue,
  PutCommand,
  QueryCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  applicantIdentity,
  caseStateOf,
  type Application,
  type LinkedUpload,
  type TimelineEvent,
} from '#core/application.ts';
import { formatLetterNumber, letterKinds, letterText, type Letter, type LetterKind } from '#core/letters.ts';
import { chained, letterHash, receivedHash, stateHash, type ChainEvent } from '#core/case-chain.ts';
import { applicationCounters, counterChanges } from '#core/report-counts.ts';
import type { IsoDate } from '#core/dates.ts';
import { openStatuses, type AuditEvent, type CaseState, type Placement } from '#core/workflow.ts';
import {
  batchGet,
  conditionHeld,
  db,
  isConditionFailure,
  queryAll,
  queryPage,
  tableName,
  transactWrite,
} from '#lib/dynamo.ts';
import { keys } from './design.ts';
import { outboxPut, type OutboxMail } from './outbox.ts';
import { counterWrites } from './stats.ts';
import { advanceSequence, readSequence, takingNumbers, transactStep } from './sequences.ts';
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

/** NFKC (full-width letters and digits as ASCII), lower case, no spaces: how staff search is compared. */
export const searchForm = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/** `SET a = :a, …` with its values, for writing attributes such as the queue's onto an item. */
export function setAttributes(attributes: Record<string, unknown>) {
  return {
    set: Object.keys(attributes)
      .map((name) => `${name} = :${name}`)
      .join(', '),
    values: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [`:${name}`, value])),
  };
}

/** What the queue's indexes and search read of an application, written with it and with each step. */
export function queueAttributes(
  application: Pick<Application, 'agencyId' | 'receiptNumber' | 'status' | 'applicant' | 'request' | 'handling'>,
  due: IsoDate | null,
) {
  return {
    ...keys.queue(
      application.agencyId,
      application.status,
      application.handling?.assignee,
      due,
      application.receiptNumber,
    ),
    queueDue: due,
    searchText: searchForm(`${application.receiptNumber} ${application.applicant.name} ${application.request.title}`),
  };
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

/** The sweep's view of an open application: what it needs to decide, without the personal data. */
export interface OpenApplication {
  receiptNumber: string;
  agencyId: string;
  version: number;
  state: Pick<CaseState, 'status' | 'clock' | 'remindedFor' | 'overdueFor'> & {
    /** Its end, or what counts it once the calendar has its year (`correctionDue`). */
    correction?: Pick<NonNullable<CaseState['correction']>, 'dueBy' | 'requestedOn' | 'periodDays'>;
    fee?: { dueBy: string };
  };
  /** The deadline the application sits at in the queue. */
  queueDue?: IsoDate | null;
  /** The day the sweep next has something to do (absent: nothing until a step). */
  sweepOn?: IsoDate | null;
}

/** The open-list entry already sits at `place` (in the queue and on the sweep's agenda). */
export const isPlaced = (entry: OpenApplication, place: Placement) =>
  place.queueDue === (entry.queueDue ?? null) && place.sweepOn === (entry.sweepOn ?? null);

/** The write that keeps the open-applications list in step with an application's state, and with it the sweep's agenda. */
function openIndexWrite(receiptNumber: string, agencyId: string, version: number, state: CaseState, place: Placement) {
  if (!openStatuses.includes(state.status))
    return { Delete: { TableName: tableName, Key: keys.openApplication(receiptNumber) } };
  const { status, clock, remindedFor, overdueFor, correction, fee } = state;
  const open: OpenApplication = {
    receiptNumber,
    agencyId,
    version,
    queueDue: place.queueDue,
    sweepOn: place.sweepOn,
    state: {
      status,
      clock,
      remindedFor,
      overdueFor,
      ...(correction && {
        correction: {
          dueBy: correction.dueBy,
          requestedOn: correction.requestedOn,
          ...(correction.periodDays && { periodDays: correction.periodDays }),
        },
      }),
      ...(fee && { fee: { dueBy: fee.dueBy } }),
    },
  };
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.openApplication(receiptNumber),
        ...(place.sweepOn && keys.sweepAgenda(place.sweepOn, receiptNumber)),
        ...open,
      },
    },
  };
}

export const openIndexItem = (application: Application, place: Placement) =>
  openIndexWrite(application.receiptNumber, application.agencyId, application.version, caseStateOf(application), place);

/**
 * One page of the sweep's agenda: open applications with something due on or before `day` (and
 * those whose deadline waits for a year's calendar), earliest first. Work stays with what is due,
 * not with every application open.
 */
export async function sweepAgendaPage(
  day: IsoDate,
  cursor?: Record<string, unknown>,
  limit = 100,
): Promise<{ items: OpenApplication[]; next?: Record<string, unknown> }> {
  const { Items = [], LastEvaluatedKey } = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :to',
      ExpressionAttributeValues: { ':pk': 'SWEEP', ':to': `${day}#~` },
      ExclusiveStartKey: cursor,
      Limit: limit,
    }),
  );
  return { items: Items as OpenApplication[], next: LastEvaluatedKey };
}

/** Open applications a page at a time (the re-placing job after a calendar change). */
export const openApplicationsPage = (page: { limit: number; cursor?: string }) =>
  queryPage<OpenApplication>(
    { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.openApplications().pk } },
    { ...page, keyNames: ['pk', 'sk'], partition: ['pk', keys.openApplications().pk] },
  );

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
    const sequence = (await readSequence(keys.letterSequence(application.agencyId, letter.kind, year))) + 1;
    const composed = letter.compose(formatLetterNumber(letter.prefix, letter.kind, year, sequence));
    const mailed = Boolean(letter.email && composed.toApplicant);
    const issued: StoredLetter = { ...composed, receiptNumber: number, version, ...(mailed && { mailAt: at }) };
    const mail: OutboxMail | undefined =
      letter.email && mailed
        ? {
            agencyId: application.agencyId,
            receiptNumber: number,
            letterNumber: issued.number,
            version,
            to: letter.email,
            subject: `${issued.title}（${issued.number}）`,
            text: letterText(issued),
            at,
            delivery: 'pending',
          }
        : undefined;
    const letterWrites = [
      advanceSequence(keys.letterSequence(application.agencyId, letter.kind, year), sequence),
      { Put: { TableName: tableName, Item: { ...keys.applicationLetter(number, version), ...issued } } },
      ...(mail ? [outboxPut(mail)] : []),
    ];
    await transactStep([...writesWith(linkWith(issued)), ...letterWrites], stale);
    return { version, letter: issued, mail };
  });
}

/**
 * The applicant opened a letter on the status page: the first time is its online service (网上送达),
 * and the letter no longer waits for proof. Later readings change nothing.
 */
export async function markLetterRead(receiptNumber: string, version: number): Promise<void> {
  try {
    await transactWrite([
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
    ]);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** The letters of an application, oldest first. */
export async function listLetters(receiptNumber: string): Promise<StoredLetter[]> {
  return queryAll<StoredLetter>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :letter)',
    ExpressionAttributeValues: { ':pk': keys.application(receiptNumber).pk, ':letter': 'LETTER#' },
    ConsistentRead: true,
  });
}

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

/**
 * Moves an application in the queue and the sweep's agenda when its deadline changed without a step
 * (a year's holidays entered, a schedule corrected): its queue keys and its open-list entry, only
 * from the version read.
 */
export async function moveInQueue(application: StoredApplication, place: Placement): Promise<boolean> {
  const queue = setAttributes(queueAttributes(application, place.queueDue));
  return conditionHeld(
    transactWrite([
      {
        Update: {
          TableName: tableName,
          Key: keys.application(application.receiptNumber),
          UpdateExpression: `SET ${queue.set}`,
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': application.version, ...queue.values },
        },
      },
      openIndexItem(application, place),
    ]),
  );
}
