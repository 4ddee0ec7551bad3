/**
 * Structured log lines. Callers pass only operational facts (route, status, timing, error class);
 * request bodies, headers and path values never reach a log line, so personal data cannot either.
 * Errors are logged with `errorFields`: name, code, message, stack and cause chain, with anything
 * shaped like an identity number, phone, bank card or e-mail address masked on the way out.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

type Fields = Record<string, string | number | boolean | undefined>;

/**
 * Per invocation, on every line written meanwhile: the function's name, whether the invocation
 * started its instance (cold start), Lambda's request id and the request it serves (for HTTP, API
 * Gateway's id; for a worker, the id on the item it took). Held per invocation, not in a module
 * variable: locally one process serves many invocations at once.
 */
const contexts = new AsyncLocalStorage<Fields>();
/** Functions that have started in this process: each function's first invocation is its cold start. */
const started = new Set<string>();

/** Runs one invocation of function `fn`, its ids on every line it writes. */
export function invocation<T>(fn: string, ids: Fields, work: () => T): T {
  const coldStart = !started.has(fn);
  started.add(fn);
  return contexts.run({ fn, coldStart, ...ids }, work);
}

/** Runs part of an invocation with more on its lines (a worker's item: the request that wrote it). */
export const withLogFields = <T>(fields: Fields, work: () => T): T =>
  contexts.run({ ...contexts.getStore(), ...fields }, work);

/** The function the current invocation runs, if any (the metrics' dimension). */
export const currentFunction = (): string | undefined => contexts.getStore()?.fn as string | undefined;

/**
 * The request the current work serves, for an item it writes for a worker (outbox, render task, job
 * turn): the worker logs it, so one id finds the request, the work it caused and its retries. Work no
 * request caused (the sweep) gives its invocation's id.
 */
export function requestTrace(): { requestId?: string } {
  const context = contexts.getStore();
  const id = context?.requestId ?? context?.lambdaRequestId;
  return typeof id === 'string' ? { requestId: id } : {};
}

function write(level: 'info' | 'warn' | 'error', message: string, fields: Fields) {
  if (process.env.LOG_LEVEL === 'silent') return;
  console.log(JSON.stringify({ level, time: new Date().toISOString(), message, ...contexts.getStore(), ...fields }));
}

export const log = {
  info: (message: string, fields: Fields = {}) => write('info', message, fields),
  warn: (message: string, fields: Fields = {}) => write('warn', message, fields),
  error: (message: string, fields: Fields = {}) => write('error', message, fields),
};

/** Runs of 7+ digits (identity numbers, phones, cards, with a final X) and e-mail addresses. */
const personal = /\d[\d\s-]{5,}[\dXx]|[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
export const redact = (text: string) => text.replace(personal, '[已隐去]');

const maxCauses = 5;

/** A thrown value that is not an Error (an abort reason, a plain object): its JSON, or its text. */
function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** What a log line says about an error: enough to find the fault, nothing about the person. */
export function errorFields(error: unknown): Fields {
  if (!(error instanceof Error)) return { error: typeof error, errorMessage: redact(describe(error)).slice(0, 300) };
  const causes: string[] = [];
  for (let cause = error.cause, n = 0; cause && n < maxCauses; cause = (cause as Error).cause, n++) {
    causes.push(
      cause instanceof Error
        ? `${cause.name}: ${redact(cause.message).slice(0, 300)}`
        : redact(describe(cause)).slice(0, 300),
    );
  }
  const aws = error as Error & { code?: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
  return {
    error: error.name,
    errorMessage: redact(error.message).slice(0, 500),
    ...(aws.code && { errorCode: aws.code }),
    ...(aws.$metadata?.httpStatusCode && { awsStatus: aws.$metadata.httpStatusCode }),
    ...(aws.$metadata?.requestId && { awsRequestId: aws.$metadata.requestId }),
    // Frames only: the first line repeats the message.
    stack: redact(
      (error.stack ?? '')
        .split('\n')
        .slice(1, 16)
        .map((line) => line.trim())
        .join('\n'),
    ),
    ...(causes.length && { cause: causes.join(' ← ') }),
  };
}
