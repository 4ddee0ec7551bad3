/**
 * Structured log lines. Callers pass only operational facts (route, status, timing, error class);
 * request bodies, headers and path values never reach a log line, so personal data cannot either.
 */
type Fields = Record<string, string | number | boolean | undefined>;

function write(level: 'info' | 'warn' | 'error', message: string, fields: Fields) {
  if (process.env.LOG_LEVEL === 'silent') return;
  console.log(JSON.stringify({ level, time: new Date().toISOString(), message, ...fields }));
}

export const log = {
  info: (message: string, fields: Fields = {}) => write('info', message, fields),
  warn: (message: string, fields: Fields = {}) => write('warn', message, fields),
  error: (message: string, fields: Fields = {}) => write('error', message, fields),
};
