/** The platform's log lines while a test runs (logging on, as in Lambda), to check what they carry. */
import { vi } from 'vitest';

export function captureLogs(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const level = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'info';
  const spies = (['log', 'error', 'warn'] as const).map((method) =>
    vi
      .spyOn(console, method)
      .mockImplementation(
        (...args: unknown[]) =>
          void lines.push(
            args
              .map((a) =>
                a instanceof Error
                  ? `${a.name}: ${a.message}\n${a.stack}`
                  : typeof a === 'string'
                    ? a
                    : JSON.stringify(a),
              )
              .join(' '),
          ),
      ),
  );
  return {
    lines,
    restore() {
      for (const spy of spies) spy.mockRestore();
      process.env.LOG_LEVEL = level;
    },
  };
}
