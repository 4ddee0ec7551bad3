/**
 * Background jobs (a site rebuild, a recount): work longer than an API request may take. The API
 * writes the job and its first turn in one transaction and answers at once; the table's stream hands
 * each new turn to the jobs function, which works until its time is nearly up, saves where it got
 * to, and writes the next turn. Staff follow the job's progress by its id.
 */
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, failedConditions, isConditionFailure, tableName, transactWrite, WriteContention } from '#lib/dynamo.ts';
import { requestTrace } from '#lib/log.ts';
import * as keys from './keys.ts';

export type JobKind =
  | 'rebuildSite'
  | 'recount'
  | 'requeue'
  | 'inspection'
  | 'privacyScan'
  | 'privacySweep'
  | 'importPublications'
  | 'redact';
export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface Job {
  id: string;
  kind: JobKind;
  params: Record<string, unknown>;
  state: JobState;
  /** Who started it, and for which agency (only that agency's administrators may follow it). */
  by: string;
  agencyId: string;
  createdAt: string;
  updatedAt: string;
  progress: { done: number; total: number };
  /** Where the next turn starts (the job's own measure: targets rendered, agencies counted). */
  cursor: number;
  /** What the finished job found; kept small (summaries, not every record). */
  result?: Record<string, unknown>;
  error?: string;
  /** A running turn holds the job until then; a turn that died lets the next take over after it. */
  leaseUntil?: number;
  /** The request that started it: every turn's lines carry this id. */
  requestId?: string;
}

export interface JobTurn {
  jobId: string;
  sk: string;
  /** The stream's filter hands each kind to the function that works it. */
  kind: JobKind;
}

const turnOf = (id: string, kind: JobKind, at = new Date().toISOString()) => ({
  Put: { TableName: tableName, Item: { ...keys.jobTurn(at, id), jobId: id, kind, ...requestTrace() } },
});

/**
 * Kinds of which an agency has one at a time: a second start while one is queued or running gets that
 * one (a rebuild, a recount or a 自查 twice over does the same work twice, and 自查 e-mails the agencies).
 */
const oneAtATime: ReadonlySet<JobKind> = new Set(['rebuildSite', 'recount', 'inspection']);
/** A job not moved on for this long has lost its turn (every slice saves within minutes): its claim may be taken. */
const abandonedAfterMs = 30 * 60_000;

type NewJob = Pick<Job, 'id' | 'kind' | 'params' | 'by' | 'agencyId'>;

/**
 * Queues the job, or for a kind of which an agency has one at a time, answers the one already queued
 * or running (`started: false`). The claim on the kind is written in the job's own transaction, on
 * condition that no live job holds it, so of simultaneous starts exactly one queues a job.
 */
export async function enqueueJob(job: NewJob): Promise<{ job: Job; started: boolean }> {
  const { stored, writes } = jobWrites(job);
  if (!oneAtATime.has(job.kind)) {
    await transactWrite(writes);
    return { job: stored, started: true };
  }
  const claim = keys.jobClaim(job.kind, job.agencyId);
  let held: string | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await transactWrite([
        {
          Put: {
            TableName: tableName,
            Item: { ...claim, jobId: job.id },
            ...(held
              ? { ConditionExpression: 'jobId = :held', ExpressionAttributeValues: { ':held': held } }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          },
        },
        ...writes,
      ]);
      return { job: stored, started: true };
    } catch (error) {
      // The job's own id taken (a start repeated under one id) is the caller's to judge.
      if (!isConditionFailure(error) || failedConditions(error).some((i) => i > 0)) throw error;
    }
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: claim, ConsistentRead: true }));
    held = Item?.jobId as string | undefined;
    const holder = held ? await getJob(held) : undefined;
    if (holder && isLive(holder)) return { job: holder, started: false };
  }
  throw new WriteContention(new Error(`the claim on ${job.kind} for ${job.agencyId} kept changing`));
}

const isLive = (job: Job) =>
  (job.state === 'queued' || job.state === 'running') && Date.now() - Date.parse(job.updatedAt) < abandonedAfterMs;

/** The job's claim on its kind given up, once it has ended (unless a later job has taken it over). */
async function releaseClaim(job: Pick<Job, 'id' | 'kind' | 'agencyId'>): Promise<void> {
  if (!oneAtATime.has(job.kind)) return;
  try {
    await db.send(
      new DeleteCommand({
        TableName: tableName,
        Key: keys.jobClaim(job.kind, job.agencyId),
        ConditionExpression: 'jobId = :id',
        ExpressionAttributeValues: { ':id': job.id },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** The job and its first turn as a transaction's writes, for a step that causes a job in its own transaction. */
export function jobWrites(job: NewJob) {
  const at = new Date().toISOString();
  const stored: Job = {
    ...job,
    state: 'queued',
    createdAt: at,
    updatedAt: at,
    progress: { done: 0, total: 0 },
    cursor: 0,
    ...requestTrace(),
  };
  return {
    stored,
    writes: [
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.job(job.id), ...stored },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      turnOf(job.id, job.kind, at),
    ],
  };
}

export async function getJob(id: string): Promise<Job | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.job(id), ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, ...job } = Item;
  return job as Job;
}

/** The job of a kind an agency runs one at a time that is queued or running now, if any. */
export async function liveJobOf(kind: JobKind, agencyId: string): Promise<Job | undefined> {
  if (!oneAtATime.has(kind)) return undefined;
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.jobClaim(kind, agencyId), ConsistentRead: true }),
  );
  const job = Item?.jobId ? await getJob(Item.jobId as string) : undefined;
  return job && isLive(job) ? job : undefined;
}

/** Turns waiting to run, oldest first (locally a poller reads these; in AWS the stream delivers them). */
export async function listJobTurns(limit: number): Promise<JobTurn[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.jobTurn('', '').pk },
      Limit: limit,
    }),
  );
  return Items.map((i) => ({ jobId: i.jobId as string, sk: i.sk as string, kind: i.kind as JobKind }));
}

/** Takes the job for one turn: only if queued, or if the turn that held it let its lease run out. */
export async function claimJob(id: string, leaseMs: number): Promise<Job | undefined> {
  const now = Date.now();
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.job(id),
        UpdateExpression: 'SET #state = :running, leaseUntil = :lease, updatedAt = :at',
        ConditionExpression: '#state = :queued OR (#state = :running AND leaseUntil < :now)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':running': 'running',
          ':queued': 'queued',
          ':lease': now + leaseMs,
          ':now': now,
          ':at': new Date(now).toISOString(),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const { pk: _pk, sk: _sk, ...job } = Attributes!;
    return job as Job;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** Records how far the turn got (and what it found so far). */
export async function saveJobProgress(
  id: string,
  progress: Job['progress'],
  cursor: number,
  result?: Job['result'],
): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.job(id),
      UpdateExpression: `SET progress = :progress, #cursor = :cursor, updatedAt = :at${result ? ', #result = :result' : ''}`,
      ExpressionAttributeNames: { '#cursor': 'cursor', ...(result && { '#result': 'result' }) },
      ExpressionAttributeValues: {
        ':progress': progress,
        ':cursor': cursor,
        ':at': new Date().toISOString(),
        ...(result && { ':result': result }),
      },
    }),
  );
}

/**
 * Ends this turn: the job finished, failed, or goes on in a fresh turn (a new stream record). A job
 * that ended gives up its claim on its kind, so the next start queues a new one.
 */
export async function endJobTurn(
  turn: JobTurn,
  outcome:
    | { state: 'done'; result: Job['result']; progress: Job['progress'] }
    | { state: 'failed'; error: string }
    | { state: 'queued' },
  job: Pick<Job, 'id' | 'kind' | 'agencyId'>,
): Promise<void> {
  const names: Record<string, string> = { '#state': 'state' };
  const values: Record<string, unknown> = { ':state': outcome.state, ':at': new Date().toISOString() };
  let set = '#state = :state, updatedAt = :at';
  if (outcome.state === 'done') {
    set += ', #result = :result, progress = :progress';
    names['#result'] = 'result';
    values[':result'] = outcome.result;
    values[':progress'] = outcome.progress;
  }
  if (outcome.state === 'failed') {
    set += ', #error = :error';
    names['#error'] = 'error';
    values[':error'] = outcome.error;
  }
  await transactWrite([
    {
      Update: {
        TableName: tableName,
        Key: keys.job(turn.jobId),
        UpdateExpression: `SET ${set} REMOVE leaseUntil`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    { Delete: { TableName: tableName, Key: { pk: keys.jobTurn('', '').pk, sk: turn.sk } } },
    ...(outcome.state === 'queued' ? [turnOf(turn.jobId, turn.kind)] : []),
  ]);
  if (outcome.state !== 'queued') await releaseClaim(job);
}

/** A turn whose job is already running elsewhere or finished: nothing to do but remove it. */
export async function dropJobTurn(turn: JobTurn): Promise<void> {
  await db.send(new DeleteCommand({ TableName: tableName, Key: { pk: keys.jobTurn('', '').pk, sk: turn.sk } }));
}
