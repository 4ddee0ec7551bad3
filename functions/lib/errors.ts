/**
 * HTTP errors carry a status, a Chinese message for the person who caused them, and optionally the
 * fields at fault. Only 4xx messages are shown; a 5xx answers with a generic message (see http.ts).
 */
export interface FieldError {
  field: string;
  message: string;
}

export class HttpError extends Error {
  readonly statusCode: number;
  readonly fields: FieldError[];
  readonly expose: boolean;
  constructor(statusCode: number, message: string, fields: FieldError[] = [], options?: ErrorOptions) {
    super(message, options);
    this.statusCode = statusCode;
    this.fields = fields;
    this.name = 'HttpError';
    // 503 is the one server-side status worth explaining: the caller should retry later.
    this.expose = statusCode < 500 || statusCode === 503;
  }
}

export const badRequest = (message: string, fields: FieldError[] = []) => new HttpError(400, message, fields);
export const unauthorized = () => new HttpError(401, '请先登录。');
export const forbidden = (message = '您没有执行此操作的权限。') => new HttpError(403, message);
export const notFound = (message = '未找到请求的内容。') => new HttpError(404, message);
export const conflict = (message: string) => new HttpError(409, message);
export const unavailable = (cause: unknown) =>
  new HttpError(503, '服务暂时不可用，请稍后重试。您的请求未被处理。', [], { cause });
/** Concurrent writes on the same records outlasted the retries: nothing was changed. */
export const busy = (cause: unknown) =>
  new HttpError(503, '当前同时办理的事项较多，本次操作未生效，请稍后重试。', [], { cause });
/** Time ran out mid-request: what was asked may or may not have been done. */
export const timedOut = (cause: unknown) =>
  new HttpError(503, '处理超时：请求可能已完成，也可能未完成。请刷新页面查看结果后再决定是否重试。', [], { cause });
