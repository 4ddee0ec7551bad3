/**
 * What each Lambda function is and may touch: the CDK stack grants exactly this, and the bench checks
 * that no bundle contains an SDK client for a service the function is not bound to.
 */
import type { FunctionName } from '../functions/routes.ts';

export type Access = 'read' | 'readwrite';
/** Object access under one key prefix: `write` is put only (e.g. the destination of a copy); `readput` never deletes. */
export type ObjectAccess = 'read' | 'write' | 'readput' | 'readwrite';
export type DeployedFunction = Exclude<FunctionName, 'dev'> | 'sweep' | 'mailer' | 'jobs';

export interface FunctionSpec {
  description: string;
  table?: Access;
  /** Bucket key prefixes the function may use, each with its access. */
  siteBucket?: Record<string, ObjectAccess>;
  privateBucket?: Record<string, ObjectAccess>;
  /** MB; the CPU share follows it, so functions that render or count get more. */
  memorySize: number;
  /**
   * Seconds. Functions behind the HTTP API stay well under its 30 s integration limit; work that
   * may take longer is a background job (the jobs function) or the sweep, with minutes.
   */
  timeoutSeconds: number;
  /** Sends the applicants' e-mail through SES (when the stack is given a sender). */
  mail?: true;
}

/**
 * What a function that works the site's render queue needs besides the table: the whole site bucket
 * (pages, feeds, sitemaps, open data, attachments), and the attachments to copy from the private one.
 */
const renderer = { siteBucket: { '': 'readwrite' }, privateBucket: { 'publications/': 'read' } } satisfies Pick<FunctionSpec, 'siteBucket' | 'privateBucket'>;

export const functionSpecs: Record<DeployedFunction, FunctionSpec> = {
  public: {
    description: 'Citizens: apply, follow an application, read public data (no sign-in)',
    table: 'readwrite',
    // Presigned POSTs are signed with this function's role, so it needs put on the pending prefix;
    // linking an upload copies it (get on pending, put on applications); disclosed files are read back
    // through presigned GETs for the applicant.
    privateBucket: { 'health/': 'readwrite', 'uploads/pending/': 'readwrite', 'applications/': 'readput' },
    memorySize: 1024,
    timeoutSeconds: 10,
  },
  applications: {
    description: 'Staff: handle applications against the statutory clock',
    table: 'readwrite',
    // Files disclosed with an answer are uploaded by presigned POST (signed by this role) and linked by copy.
    privateBucket: { 'health/': 'readwrite', 'uploads/pending/': 'readwrite', 'applications/': 'readput' },
    memorySize: 1024,
    timeoutSeconds: 15,
  },
  publications: {
    description: 'Staff: publish information (主动公开) and render the public site',
    table: 'readwrite',
    // The rendered site is the whole bucket (pages, feeds, sitemaps, open data, attachments).
    siteBucket: { '': 'readwrite' },
    // Attachments are uploaded by presigned POST (signed by this role), linked by copy, copied to the site.
    privateBucket: { 'health/': 'readwrite', 'uploads/pending/': 'readwrite', 'publications/': 'readput' },
    // A step renders its few pages after it commits (see renderPending: it waits at most 5 s for the lease).
    memorySize: 1536,
    timeoutSeconds: 20,
  },
  reports: {
    description: 'Staff: compile, submit and publish annual reports (年度报告); record 复议/诉讼 cases',
    table: 'readwrite',
    // Publishing a report works the site's render queue, which may hold other pages (and attachments to copy).
    ...renderer,
    memorySize: 1536,
    timeoutSeconds: 20,
  },
  sweep: {
    description: 'Daily sweep: deadlines, reminders, expiries, mail and site-render retries',
    table: 'readwrite',
    mail: true,
    // Retries site renders left pending.
    ...renderer,
    memorySize: 1536,
    // It walks every open application and folds the search index: minutes, not seconds.
    timeoutSeconds: 900,
  },
  mailer: {
    description: 'Delivers the e-mail each letter leaves in the outbox (table stream)',
    table: 'readwrite',
    mail: true,
    memorySize: 256,
    timeoutSeconds: 60,
  },
  jobs: {
    description: 'Background jobs started by staff (site rebuild, recount): one turn per stream record, handing on before its timeout',
    table: 'readwrite',
    // A rebuild writes the whole site.
    ...renderer,
    memorySize: 1536,
    // Lambda's maximum; each turn stops two minutes short of it and hands on (functions/jobs/run.ts).
    timeoutSeconds: 900,
  },
};

export const entryOf = (fn: DeployedFunction) => `functions/${fn}/handler.ts`;
