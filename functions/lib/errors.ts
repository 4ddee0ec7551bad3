/**
 * HTTP errors carry a status, a stable `code` a program can tell apart (the message is for people
 * and may be reworded), a Chinese message for the person who caused them, and optionally the fields
 * at fault. Only 4xx and 503 messages are shown; another 5xx answers with a generic message (http.ts).
 */
import { StaleVersionError } from './dynamo-errors.ts';

export interface FieldError {
  field: string;
  message: string;
}

/** What went wrong, for programs: stable across rewordings of the message. */
export const errorCodes = [
  'invalid-input',
  'unauthenticated',
  'forbidden',
  'not-found',
  'too-large',
  'unsupported-media-type',
  'stale-version',
  'illegal-transition',
  'already-exists',
  'in-progress',
  'calendar-gap',
  'confirmation-required',
  'idempotency-key-reused',
  'checks-failed',
  'quota-exceeded',
  'unavailable',
  'busy',
  'timed-out',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

const codeOfStatus: Record<number, ErrorCode> = {
  400: 'invalid-input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'illegal-transition',
  413: 'too-large',
  415: 'unsupported-media-type',
  422: 'invalid-input',
  429: 'quota-exceeded',
  503: 'unavailable',
};

/**
 * What a 503 asks of its client (RFC 9110 Retry-After): storage down or throttling, writes that kept
 * contending, or the function's time run out on a machine at capacity; a few seconds spread the retries.
 */
export const retryAfterSeconds = 5;

export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  readonly expose: boolean;
  /** A check's findings when it refused the request (`checks-failed`), for the caller to show and keep. */
  readonly findings?: readonly unknown[];
  /** Headers of the answer (middy's error handler sends them): a 503's `Retry-After`. */
  readonly headers?: Record<string, string>;
  constructor(
    statusCode: number,
    message: string,
    fields: FieldError[] = [],
    options?: ErrorOptions & { code?: ErrorCode; findings?: readonly unknown[] },
  ) {
    super(message, options);
    this.statusCode = statusCode;
    this.code = options?.code ?? codeOfStatus[statusCode] ?? 'internal';
    this.fields = fields;
    if (options?.findings) this.findings = options.findings;
    this.name = 'HttpError';
    // 503 is the one server-side status worth explaining: the caller should retry later, and is told when.
    this.expose = statusCode < 500 || statusCode === 503;
    if (statusCode === 503) this.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
}

export const badRequest = (message: string, fields: FieldError[] = []) => new HttpError(400, message, fields);
export const unauthorized = () => new HttpError(401, '请先登录。');
export const forbidden = (message = '您没有执行此操作的权限。') => new HttpError(403, message);
export const notFound = (message = '未找到请求的内容。') => new HttpError(404, message);
/**
 * The step does not apply to the record as it stands (its status, its year, its roles' order); a
 * check that refused it may send its findings, each to be corrected or kept with a reason.
 */
export const conflict = (
  message: string,
  code: 'illegal-transition' | 'already-exists' | 'in-progress' | 'checks-failed' = 'illegal-transition',
  findings?: readonly unknown[],
) => new HttpError(409, message, [], { code, ...(findings && { findings }) });
/** The request looks mistaken: it is taken once the caller confirms it (the fields name what to check). */
export const needsConfirmation = (message: string, fields: FieldError[]) =>
  new HttpError(409, message, fields, { code: 'confirmation-required' });
/** Someone changed the record since it was read: refresh and try again. */
export const stale = (message: string) => new HttpError(409, message, [], { code: 'stale-version' });
/**
 * For a write made from the version the user saw: its StaleVersionError answered as `stale(message)`,
 * any other error passed on (`await save(...).catch(staleAs('…'))`).
 */
export const staleAs =
  (message: string) =>
  (error: unknown): never => {
    if (error instanceof StaleVersionError) throw stale(message);
    throw error;
  };
export const unavailable = (cause: unknown) =>
  new HttpError(503, '服务暂时不可用，请稍后重试。您的请求未被处理。', [], { cause });
/** Concurrent writes on the same records outlasted the retries: nothing was changed. */
export const busy = (cause: unknown) =>
  new HttpError(503, '当前同时办理的事项较多，本次操作未生效，请稍后重试。', [], { cause, code: 'busy' });
/** Time ran out mid-request: what was asked may or may not have been done. */
export const timedOut = (cause: unknown) =>
  new HttpError(503, '处理超时：请求可能已完成，也可能未完成。请刷新页面查看结果后再决定是否重试。', [], {
    cause,
    code: 'timed-out',
  });
