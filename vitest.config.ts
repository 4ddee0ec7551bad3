import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Every test submits from 127.0.0.1, many times over with the same identity numbers: the daily
    // quota of applications is raised (the quota's own test lowers it).
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', APPLY_QUOTA_PER_DAY: '100000' },
    projects: [
      // Unit tests touch no table; the name only lets modules that hold a client load (lib/http reads staff profiles).
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], env: { TABLE_NAME: 'unit-tests-touch-no-table' } },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/local-services.ts'],
          // Notes which files send mail, for CI's second pass through SMTP (GONGKAI_MAIL_FILES).
          setupFiles: ['test/support/mail-files.ts'],
          // A test file's platform (table, buckets, demo seed) takes seconds idle and has taken tens of
          // seconds on a loaded 2-core machine; tests that wait longer set their own budgets. A test that
          // publishes with attachments (read by the privacy function, rendered) and runs 自查 twice took
          // 64 s at load 20 (test/integration/attachment-links.test.ts, CI's one failure at 60 s): the
          // budget is a guard against a hang, not a measure of speed (benches measure that).
          testTimeout: 150_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: { name: 'cdk', include: ['test/cdk/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
      },
      // Browser journeys: Debian's Chromium through playwright-core, against `npm start`.
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/support/browser-platform.ts'],
          testTimeout: 180_000,
          hookTimeout: 60_000,
          // A step a person waits for (an upload, then the correction's post and the page after it) takes
          // seconds on a loaded machine: the polls wait as long as a person would, not vitest's 1 s.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
