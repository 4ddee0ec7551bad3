/**
 * The hash chain over an application's event log (答辩证据): each step's event carries the hash of
 * the one before, its own, and the hash of the case's state after it, all written in the step's
 * transaction. An export recomputes the chain from the stored records: an event edited, inserted or
 * removed afterwards, or a state changed outside a step, breaks it, and the case file says where.
 */
import { createHash } from 'node:crypto';
import type { Application } from './application.ts';
import type { Letter } from './letters.ts';

/** JSON with object keys sorted and undefined left out: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Set) return canonicalJson([...value].sort());
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The fields of an event the chain covers. */
export interface ChainEvent {
  at: string;
  type: string;
  text: string;
  actor?: string;
  actorName?: string;
  public: boolean;
  /** The hash of the case's state after this event (`stateHash`). */
  stateHash?: string;
  /** The letter the step issued: its number and the hash of its content as issued (`letterHash`). */
  letter?: { number: string; hash: string };
  /** The hash of the application as received, where the step wrote it (submission, a correction's files). */
  receivedHash?: string;
  prevHash?: string;
  hash?: string;
}

/** The hash of a case's state (status, clock and handling) as `canonicalJson` writes it. */
export const stateHash = (state: object) => sha256(canonicalJson(state));

/** The hash of a letter's content as issued (not its later service or reading). */
export const letterHash = (letter: Letter) =>
  sha256(
    canonicalJson({
      kind: letter.kind,
      title: letter.title,
      number: letter.number,
      issuedOn: letter.issuedOn,
      agencyName: letter.agencyName,
      recipient: letter.recipient,
      paragraphs: letter.paragraphs,
      list: letter.list,
      listAfter: letter.listAfter,
      closing: letter.closing,
      toApplicant: letter.toApplicant,
    }),
  );

/** The hash of the application as received: who applied, for what, how to deliver, and the files' records. */
export const receivedHash = (application: Pick<Application, 'applicant' | 'request' | 'delivery' | 'uploads'>) =>
  sha256(
    canonicalJson({
      applicant: application.applicant,
      request: application.request,
      delivery: application.delivery,
      uploads: application.uploads,
    }),
  );

/** An event's hash: the previous hash, the receipt number and the event's own fields. */
export const eventHash = (previous: string, receiptNumber: string, event: ChainEvent) =>
  sha256(
    `${previous}\n${canonicalJson({
      receiptNumber,
      at: event.at,
      type: event.type,
      text: event.text,
      actor: event.actor,
      actorName: event.actorName,
      public: event.public,
      stateHash: event.stateHash,
      letter: event.letter,
      receivedHash: event.receivedHash,
    })}`,
  );

/** The chain fields for the next event after `head` (the application's `chainHead`; '' for the first). */
export const chained = <E extends ChainEvent>(
  receiptNumber: string,
  head: string,
  event: E,
): E & { prevHash: string; hash: string } => ({
  ...event,
  prevHash: head,
  hash: eventHash(head, receiptNumber, event),
});

/**
 * Events outside the chain: the query code's recovery and reissue change no record of the case and
 * are written apart from its steps.
 */
export const unchainedTypes: ReadonlySet<string> = new Set(['codeRecovered', 'codeReissued']);

export interface ChainCheck {
  intact: boolean;
  /** Events the chain covers and found as written. */
  verified: number;
  /** Events from before the chain existed (an application older than the feature). */
  legacy: number;
  /** Where and why it breaks, in words for the 证据目录. */
  problems: string[];
}

/**
 * Recomputes the chain over `events` (oldest first) against the application's `chainHead` and its
 * current state: every chained event must follow the one before and hash to what it says; the last
 * must be the head the application records, and its state hash the state's hash now.
 */
export function verifyChain(
  receiptNumber: string,
  events: readonly ChainEvent[],
  chainHead: string | undefined,
  currentStateHash: string,
  /** The records the steps hashed, as they stand now: each letter, and the application as received. */
  records?: { letters: readonly Letter[]; received: string },
): ChainCheck {
  const problems: string[] = [];
  let previous = '';
  let verified = 0;
  let legacy = 0;
  let lastState: string | undefined;
  let started = false;
  events.forEach((event, i) => {
    const where = `第 ${i + 1} 条记录（${event.at}，${event.type}）`;
    if (unchainedTypes.has(event.type)) return;
    if (!event.hash) {
      if (started) problems.push(`${where}不在哈希链中：链开始后插入的记录`);
      else legacy += 1;
      return;
    }
    started = true;
    if (event.prevHash !== previous) problems.push(`${where}的前一哈希与链不符：其前的记录被删除、插入或修改`);
    if (eventHash(previous, receiptNumber, event) !== event.hash)
      problems.push(`${where}的内容与其哈希不符：记录被修改`);
    previous = event.hash;
    lastState = event.stateHash ?? lastState;
    verified += 1;
  });
  if (started && chainHead !== previous) problems.push('申请记录的链头与最后一条记录不符：有记录被删除或插入');
  if (started && lastState !== undefined && lastState !== currentStateHash)
    problems.push('申请的当前办理状态与最后一步记录的状态哈希不符：状态在办理步骤之外被修改');
  if (records) problems.push(...recordProblems(events, records));
  return { intact: problems.length === 0, verified, legacy, problems };
}

/** Letters and the application as received, each against the hash the step that wrote it recorded. */
function recordProblems(events: readonly ChainEvent[], records: { letters: readonly Letter[]; received: string }) {
  const problems: string[] = [];
  const issued = new Map(
    events.flatMap((e) => (e.hash && e.letter ? [[e.letter.number, e.letter.hash] as const] : [])),
  );
  const present = new Set(records.letters.map((l) => l.number));
  for (const letter of records.letters) {
    const hash = issued.get(letter.number);
    if (hash !== undefined && hash !== letterHash(letter))
      problems.push(`文书${letter.number}与发出时的哈希不符：文书发出后被修改`);
  }
  for (const number of issued.keys())
    if (!present.has(number)) problems.push(`文书${number}已不在记录中：文书发出后被删除`);
  const received = events.findLast((e) => e.hash && e.receivedHash)?.receivedHash;
  if (received !== undefined && received !== records.received)
    problems.push('收到时的申请（申请人、所需信息、附件）与记录时的哈希不符：申请内容在记录后被修改');
  return problems;
}
