/**
 * The hash chain over an application's event log (答辩证据): each step's event carries the hash of
 * the one before, its own, and the hash of the case's state after it, all written in the step's
 * transaction. An export recomputes the chain from the stored records: an event edited, inserted or
 * removed afterwards, or a state changed outside a step, breaks it, and the case file says where.
 */
import { createHash } from 'node:crypto';

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
  prevHash?: string;
  hash?: string;
}

/** The hash of a case's state (status, clock and handling) as `canonicalJson` writes it. */
export const stateHash = (state: object) => sha256(canonicalJson(state));

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
  return { intact: problems.length === 0, verified, legacy, problems };
}
