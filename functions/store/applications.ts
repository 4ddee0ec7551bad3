import { createHash, randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
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
  db,
  decodeCursor,
  encodeCursor,
  failedConditions,
  isConditionFailure,
  queryAll,
  queryPage,
  tableName,
  transactWrite,
} from '#lib/dynamo.ts';
import { errorFields, log } from '#lib/log.ts';
import { keys } from './design.ts';
import { outboxPut } from './outbox.ts';
import { counterWrites } from './stats.ts';
import { advanceSequence, readSequence, takingNumbers, transactStep } from './sequences.ts';
import { StaleVersionError } from './stale.ts';

const dayInSeconds = 24 * 3600;
/** A claim older than this belongs to a request that died; a retry may take it over. */
const staleClaimMs = 30_000;

/** What a submission's idempotency key maps to for 24 hours. */
export interface SubmissionRecord {
  fingerprint: string;
  state: 'pending' | 'done';
  claimedAt: number;
  receiptNumber?: string;
  /** Salt of the query code's derivation (see deriveQueryCode); gone with the record. */
  codeSalt?: string;
  receiptDate?: string;
  replyDue?: string | null;
}

/** Claims the key for this request, or returns what an earlier request with the key left. */
export async function claimSubmission(
  keyHash: string,
  fingerprint: string,
  now = Date.now(),
): Promise<{ claimed: true; claimedAt: number } | { claimed: false; record?: SubmissionRecord }> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.idempotency(keyHash),
          fingerprint,
          state: 'pending',
          claimedAt: now,
          expiresAt: Math.floor(now / 1000) + dayInSeconds,
        },
        ConditionExpression:
          'attribute_not_exists(pk) OR expiresAt < :now OR (#state = :pending AND claimedAt < :stale)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':now': Math.floor(now / 1000),
          ':pending': 'pending',
          ':stale': now - staleClaimMs,
        },
      }),
    );
    return { claimed: true, claimedAt: now };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { claimed: false, record: await readSubmission(keyHash) };
  }
}

export async function readSubmission(keyHash: string): Promise<SubmissionRecord | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.idempotency(keyHash), ConsistentRead: true }),
  );
  return Item as SubmissionRecord | undefined;
}

/** Gives the key back after a failed attempt, so an immediate retry is not told to wait. */
export async function releaseClaim(keyHash: string, claimedAt: number): Promise<void> {
  await db
    .send(
      new DeleteCommand({
        TableName: tableName,
        Key: keys.idempotency(keyHash),
        ConditionExpression: 'claimedAt = :claimedAt AND #state = :pending',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':claimedAt': claimedAt, ':pending': 'pending' },
      }),
    )
    .catch((error: unknown) => log.warn('idempotency claim release failed; it expires by itself', errorFields(error)));
}

/** The agency's next receipt sequence number for the year (a failed submission leaves a gap). */
export async function nextReceiptSequence(agencyId: string, year: number): Promise<number> {
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.sequence(agencyId, year),
      UpdateExpression: 'ADD seq :one',
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Attributes!.seq as number;
}

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
const newApplicationPut = (application: StoredApplication, place: Placement) => ({
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

/** The claim that an old system's case was carried over (its original number, once per agency). */
const carriedClaim = (agencyId: string, oldNumber: string) => ({
  pk: `AGENCY#${agencyId}`,
  sk: `CARRIED#${oldNumber}`,
});

/** Which of these old numbers were carried over already, and as which receipt numbers. */
export async function carriedAlready(agencyId: string, oldNumbers: readonly string[]): Promise<Map<string, string>> {
  const found = await batchGet(oldNumbers.map((n) => carriedClaim(agencyId, n)));
  return new Map(found.map((item) => [String(item.sk).slice('CARRIED#'.length), item.receiptNumber as string]));
}

/**
 * A case carried over from the old system: the application as its history left it, each step of
 * that history as an event, its place in the queue and the sweep's agenda, its counters (本年新收 in
 * its receipt year, so 上年结转 after), the applicant's list, and the claim on its old number: false
 * if another call carried it over first.
 */
export async function recordCarriedOver(
  application: StoredApplication,
  oldNumber: string,
  events: (TimelineEvent & { actor?: string; actorName?: string; public: boolean })[],
  place: Placement,
): Promise<boolean> {
  // The carried-over history is chained as it is written; the last event holds the state it left.
  const links: StoredEvent[] = [];
  let head = '';
  events.forEach((event, i) => {
    const link = chained(application.receiptNumber, head, {
      ...event,
      ...(i === events.length - 1 && {
        stateHash: stateHash(caseStateOf(application)),
        receivedHash: receivedHash(application),
      }),
    });
    head = link.hash!;
    links.push(link);
  });
  try {
    await transactWrite([
      {
        Put: {
          TableName: tableName,
          Item: { ...carriedClaim(application.agencyId, oldNumber), receiptNumber: application.receiptNumber },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      newApplicationPut({ ...application, ...(links.length && { chainHead: head }) }, place),
      ...links.map((event, i) => ({
        Put: {
          TableName: tableName,
          Item: { ...keys.applicationEvent(application.receiptNumber, event.at, i), ...event },
        },
      })),
      openIndexItem(application, place),
      ...(await counterWrites(application.agencyId, counterChanges(new Map(), applicationCounters(application)))),
      ...applicantReceiptWrites(application, 'received'),
    ]);
    return true;
  } catch (error) {
    if (failedConditions(error).includes(0)) return false;
    throw error;
  }
}

/** An event as stored: its timeline fields and, since the case file, its place in the hash chain. */
export type StoredEvent = ChainEvent;

/** Every item of one application's partition (the application, its events, letters, cases, exports), in one query. */
async function applicationPartition(receiptNumber: string) {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.application(receiptNumber).pk },
      ConsistentRead: true,
    }),
  );
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
  try {
    await transactWrite([
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
    ]);
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

// --- The staff queue: pages from an index ordered by the stored deadline --------------------------

export interface QueueQuery {
  agencyId: string;
  /** One status, or `open`: every status not yet ended (the open ones sort first: they have deadlines). */
  status?: string;
  /** A username, or `-` for the unassigned. */
  assignee?: string;
  applicantKind?: 'person' | 'organisation';
  year?: number;
  /** Deadlines before `before` (overdue), or from `from` to `to` (due soon). */
  due?: { before: IsoDate } | { from: IsoDate; to: IsoDate };
  /** `searchForm` of what staff typed: a substring of the name, title or receipt number. */
  search?: string;
  /** Only those awaiting 人工复核 of the applicant's identity (`reviewPending`). */
  review?: 'identity';
  limit: number;
  cursor?: string;
}

/** Items looked at per request at most: a filter or search that matches little answers in pages, not all at once. */
export const queueReadBudget = 500;
const queueReadChunk = 100;

/** The index and partition a query reads: by assignee, else by status, else the whole queue. */
function queueIndex(query: QueueQuery) {
  const sample = keys.queue(
    query.agencyId,
    query.status ?? '',
    query.assignee === '-' ? undefined : query.assignee,
    null,
    '',
  );
  if (query.assignee) return { index: 'gsi4', pk: 'gsi4pk', sk: 'gsi4sk', value: sample.gsi4pk };
  if (query.status && query.status !== 'open')
    return { index: 'gsi3', pk: 'gsi3pk', sk: 'gsi3sk', value: sample.gsi3pk };
  return { index: 'gsi2', pk: 'gsi2pk', sk: 'gsi2sk', value: sample.gsi2pk };
}

/**
 * One page of the queue, soonest deadline first: the filters the indexes serve are key conditions;
 * the rest are filter expressions over at most `queueReadBudget` items. `next` continues where the
 * page (or the budget) ended; `exhausted` says whether the budget ran out before the page filled.
 */
export async function queuePage(
  query: QueueQuery,
): Promise<{ items: StoredApplication[]; next: string | null; exhausted: boolean }> {
  const index = queueIndex(query);
  const names: Record<string, string> = { '#pk': index.pk };
  const values: Record<string, unknown> = { ':pk': index.value };
  let condition = '#pk = :pk';
  if (query.due) names['#sk'] = index.sk;
  if (query.due && 'before' in query.due) {
    condition += ' AND #sk < :before';
    values[':before'] = query.due.before;
  } else if (query.due) {
    condition += ' AND #sk BETWEEN :from AND :to';
    values[':from'] = query.due.from;
    values[':to'] = `${query.due.to}#~`;
  }
  const filters: string[] = [];
  if (query.status === 'open') {
    filters.push(`#status IN (${openStatuses.map((_, i) => `:open${i}`).join(', ')})`);
    names['#status'] = 'status';
    for (const [i, status] of openStatuses.entries()) values[`:open${i}`] = status;
  } else if (query.assignee && query.status) {
    filters.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = query.status;
  }
  if (query.applicantKind) {
    filters.push('applicant.kind = :kind');
    values[':kind'] = query.applicantKind;
  }
  if (query.year) {
    filters.push('begins_with(receiptDate, :year)');
    values[':year'] = `${query.year}-`;
  }
  if (query.search) {
    filters.push('contains(searchText, :search)');
    values[':search'] = query.search;
  }
  if (query.review === 'identity')
    filters.push('attribute_exists(manualReview) AND attribute_not_exists(handling.identityConfirmed)');
  const items: StoredApplication[] = [];
  let start: Record<string, unknown> | undefined = query.cursor
    ? decodeCursor(query.cursor, ['pk', 'sk', index.pk, index.sk], [index.pk, index.value])
    : undefined;
  let evaluated = 0;
  // Reads grow with what a filter leaves out (twice the rows still needed, doubling), never with the
  // agency's history; without a filter every item read is a row.
  let chunk = 2 * query.limit;
  while (items.length < query.limit && evaluated < queueReadBudget) {
    const need = query.limit - items.length;
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index.index,
        KeyConditionExpression: condition,
        ...(filters.length && { FilterExpression: filters.join(' AND ') }),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        Limit: filters.length ? Math.min(chunk, queueReadChunk, queueReadBudget - evaluated) : need,
        ExclusiveStartKey: start,
      }),
    );
    evaluated += page.ScannedCount ?? 0;
    const found = (page.Items ?? []) as (StoredApplication & Record<string, string>)[];
    const room = query.limit - items.length;
    if (found.length > room) {
      // The page is full inside this chunk: continue after its last item, not after the chunk.
      items.push(...found.slice(0, room));
      const last = found[room - 1]!;
      return {
        items,
        next: encodeCursor({ pk: last.pk, sk: last.sk, [index.pk]: last[index.pk], [index.sk]: last[index.sk] }),
        exhausted: false,
      };
    }
    items.push(...found);
    chunk *= 2;
    start = page.LastEvaluatedKey;
    if (!start) return { items, next: null, exhausted: false };
  }
  return { items, next: start ? encodeCursor(start) : null, exhausted: items.length < query.limit };
}
