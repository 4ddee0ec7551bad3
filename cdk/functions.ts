/**
 * What each Lambda function is and may touch: the CDK stack grants exactly this, and the bench checks
 * that no bundle contains an SDK client for a service the function is not bound to.
 */
import type { WriteConfinement } from '#lib/table-keys.ts';
import type { FunctionName } from '#routes';
import { citizenAgencyWrites, sealWrites } from '#store/design.ts';

/**
 * The table's partitions a function may reach: IAM StringLike patterns on `dynamodb:LeadingKeys`
 * (the partition key; for a query on an index, the index's), read and write (writing implies reading).
 */
export interface TableGrant {
  read?: readonly string[];
  write?: readonly string[];
  /** Writes held to some sort keys of some partitions, by the function itself (IAM cannot narrow by sort key). */
  confine?: WriteConfinement;
}
/** Object access under one key prefix: `write` is put only (e.g. the destination of a copy); `readput` never deletes. */
export type ObjectAccess = 'read' | 'write' | 'readput' | 'readwrite';
export type DeployedFunction = Exclude<FunctionName, 'dev'> | 'sweep' | 'mailer' | 'jobs' | 'renderer' | 'privacy';

export interface FunctionSpec {
  description: string;
  table?: TableGrant;
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
  /** Manages the staff's accounts with the identity provider (the Cognito pool's administration API). */
  identity?: true;
  /** Exists only where staff sign in through this provider. */
  provider?: 'platform';
  /** Lists the site bucket's keys (自查's full run; a missing key then answers 404, not 403). */
  listSite?: true;
  /** Files beside the bundle, by folder (paths from the project root): the letters' PDF font, OCR's engine and model, 表述检查's dictionary. */
  files?: Readonly<Record<string, readonly string[]>>;
}

/** The font the letters' PDF embeds (functions/lib/letter-pdf.ts reads it beside the bundle). */
const letterFont = ['node_modules/@embedpdf/fonts-sc/fonts/NotoSansHans-Regular.otf'] as const;
/** Tesseract in WebAssembly and its English model, which 个人信息检查 reads images with (functions/privacy/ocr.ts reads them beside the bundle). */
const ocrFiles = [
  'node_modules/tesseract.js-core/tesseract-core-simd-lstm.js',
  'node_modules/tesseract.js-core/tesseract-core-simd-lstm.wasm',
  'node_modules/@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz',
] as const;

/**
 * 表述检查's dictionary, read on the first check (functions/core/expressions.ts reads it beside the
 * bundle): every function whose bundle holds the checker carries it (test/unit/expressions-file.test.ts).
 */
const expressionFiles = ['functions/core/expression-rules.json'] as const;

/** PDFium in WebAssembly, which the redaction engine loads beside its bundle (functions/redaction/pdfium.ts). */
const pdfiumFiles = ['node_modules/@embedpdf/pdfium/dist/pdfium.wasm'] as const;

export const functionSpecs: Record<DeployedFunction, FunctionSpec> = {
  public: {
    description: 'Citizens: apply, follow an application, read public data (no sign-in)',
    table: {
      // Its health check reads CONFIG and writes nothing (store/health.ts). AGENCIES#*: the agencies of one kind.
      read: ['AGENCIES', 'AGENCIES#*', 'CALENDAR', 'CONFIG'],
      // AGENCY#*: the agency the request names; within it only its sequence, counters and outbox (confine).
      // DRAFT#*: a form sent back with its errors, kept briefly for the page the browser is sent to.
      write: ['AGENCY#*', 'APP#*', 'APPLICANT#*', 'IDEMP#*', 'OPEN', 'RATE#*', 'KEYS#FORM', 'DRAFT#*'],
      confine: citizenAgencyWrites,
    },
    // Presigned POSTs are signed with this function's role, so it needs put on the pending prefix;
    // linking an upload copies it (get on pending, put on applications); disclosed files are read back
    // through presigned GETs for the applicant.
    privateBucket: { 'uploads/pending/': 'readwrite', 'applications/': 'readput' },
    memorySize: 1024,
    timeoutSeconds: 10,
  },
  applications: {
    description: 'Staff: handle applications against the statutory clock',
    table: {
      // REDACTED#*: whether a file given with an answer was redacted in the platform (部分公开), and on what grounds.
      read: ['AGENCIES', 'CONFIG', 'STAFF#*', 'REDACTED#*'],
      // LETTERPREFIX#*: the hold of each agency's letter-number prefix (机关设置).
      write: [
        'AGENCY#*',
        'LETTERPREFIX#*',
        'APP#*',
        'APPLICANT#*',
        'OPEN',
        'CALENDAR',
        'ADMINLOG',
        'JOB#*',
        'JOBQUEUE',
        'HEALTH',
        'SIGNIN#*',
      ],
    },
    // Files disclosed with an answer are uploaded by presigned POST (signed by this role) and linked by copy.
    privateBucket: { 'health/': 'readwrite', 'uploads/pending/': 'readwrite', 'applications/': 'readput' },
    memorySize: 1024,
    timeoutSeconds: 15,
    files: { expressions: expressionFiles },
  },
  documents: {
    description:
      "An application's documents as files: letters as PDF (staff; the applicant by query code), the case file (答辩证据)",
    table: {
      read: ['AGENCIES', 'CALENDAR', 'CONFIG', 'STAFF#*'],
      // APP#*: a letter's online service (the applicant's first opening) and each case file's export
      // record; RATE#*: the query code's attempts; SIGNIN#*: the staff member's sign-in. AGENCY#*:
      // its 电子印章 only (confine), with the change in the log of administration (ADMINLOG).
      write: ['APP#*', 'RATE#*', 'SIGNIN#*', 'AGENCY#*', 'ADMINLOG'],
      confine: sealWrites,
    },
    // The case file carries the application's uploads and the postal receipts' scans.
    privateBucket: { 'applications/': 'read' },
    // Subsetting the font and laying out a case file's letters: CPU, and the 8 MB font in memory.
    memorySize: 1536,
    timeoutSeconds: 20,
    files: { fonts: letterFont },
  },
  redaction: {
    description:
      "部分公开's redaction: marks, page images and the produce job (PDFium removes what is under each mark; a second reading verifies it)",
    table: {
      // APP#*: the application an answer's file belongs to and the applicant's own numbers (not a third
      // party's); AGENCY#*: the portal's 表述检查 words, for an attachment's check run again.
      read: ['CONFIG', 'STAFF#*', 'APP#*', 'AGENCY#*'],
      // REDACTION#*: the redactions and their audit; REDACTED#*: the pointer from an answer's upload to its
      // redaction; PUB#*: an attachment replaced in place (with its event); JOB#*, JOBQUEUE: the produce job
      // and the attachment's privacy scan; SIGNIN#*: the staff member's sign-in.
      write: ['REDACTION#*', 'REDACTED#*', 'PUB#*', 'JOB#*', 'JOBQUEUE', 'SIGNIN#*'],
    },
    // The answer's file is read where it waits and given back there as a new pending upload; an
    // attachment is read where it waits and replaced under its item's prefix; originals and results
    // stay under redactions/ (never public: only the renderer writes the site).
    privateBucket: { 'uploads/pending/': 'readput', 'publications/': 'readput', 'redactions/': 'readput' },
    // PDFium in WebAssembly holds the document and a page's pixels; the CPU share follows the memory.
    memorySize: 2048,
    // A job turn's time (one file's redaction and its verification); its HTTP requests answer within
    // the API's 30 s all the same (functions/lib/http.ts apiAnswerMs).
    timeoutSeconds: 900,
    files: { pdfium: pdfiumFiles, expressions: expressionFiles },
  },
  publications: {
    description: "Staff: publish information (主动公开); queues the public site's pages for the renderer",
    table: {
      // PRIVACY#*, PRIVACY: the sparse indexes of items with a 个人信息检查 finding open (an agency's, the county's).
      read: ['AGENCIES', 'CALENDAR', 'CONFIG', 'STAFF#*', 'PRIVACY', 'PRIVACY#*'],
      // INDEXNO#*: the 索引号 each item holds; ADMINLOG: the audit of the 索引号 rule's changes.
      write: [
        'AGENCY#*',
        'ADMINLOG',
        'PUB#*',
        'LIST#*',
        'RENDER',
        'LATENESS',
        'JOB#*',
        'JOBQUEUE',
        'HEALTH',
        'SIGNIN#*',
        'INDEXNO#*',
      ],
    },
    // Attachments are uploaded by presigned POST (signed by this role) and linked by copy; the renderer copies them to the site.
    privateBucket: { 'health/': 'readwrite', 'uploads/pending/': 'readwrite', 'publications/': 'readput' },
    memorySize: 1024,
    timeoutSeconds: 15,
    files: { expressions: expressionFiles },
  },
  imports: {
    description: "Staff: bring a county's old catalogue in (batches of rows, approved, published by a job)",
    table: {
      // RENDER: how many of the site's render tasks wait (a batch's page shows the site catching up).
      read: ['AGENCIES', 'CALENDAR', 'CONFIG', 'STAFF#*', 'PUB#*', 'RENDER'],
      // IMPORT#*: the batches and their rows; INDEXNO#*: the 索引号 held.
      write: ['AGENCY#*', 'IMPORT#*', 'INDEXNO#*', 'JOB#*', 'JOBQUEUE', 'HEALTH', 'SIGNIN#*'],
    },
    // Attachments are uploaded by presigned POST (the publications function signs them) and linked by copy under the item's prefix.
    privateBucket: { 'health/': 'readwrite', 'uploads/pending/': 'readwrite', 'publications/': 'readput' },
    memorySize: 1024,
    timeoutSeconds: 20,
    files: { expressions: expressionFiles },
  },
  reports: {
    description: 'Staff: compile, submit and publish annual reports (年度报告); record 复议/诉讼 cases',
    table: {
      // SITECHANGES: the renderer's journal, whose newest entry tells 自查's report a newer run is due.
      read: ['AGENCIES', 'CALENDAR', 'CONFIG', 'STAFF#*', 'SITECHANGES'],
      // INSPECT: 自查's runs (read) and thresholds (the county's administrators set them).
      write: ['AGENCY#*', 'APP#*', 'RENDER', 'JOB#*', 'JOBQUEUE', 'HEALTH', 'SIGNIN#*', 'INSPECT'],
    },
    privateBucket: { 'health/': 'readwrite' },
    // Compiling a year's report reads the agency's counters and renders its preview in memory.
    memorySize: 1536,
    timeoutSeconds: 20,
    files: { expressions: expressionFiles },
  },
  admin: {
    description: 'Administration: agencies, staff accounts with the identity provider, the audit of administration',
    table: {
      // AGENCIES#*: the agencies of one kind.
      read: ['AGENCIES', 'AGENCIES#*', 'CONFIG'],
      // GUARD#ACCOUNT#*: the sign-in's limits on an account, which its administrators see and clear.
      write: [
        'AGENCY#*',
        'AGENCYCODE#*',
        'ADMINLOG',
        'STAFF#*',
        'CREDENTIAL#*',
        'SIGNIN#*',
        'GUARD#ACCOUNT#*',
        'RENDER',
      ],
    },
    identity: true,
    memorySize: 1024,
    timeoutSeconds: 15,
    files: { expressions: expressionFiles },
  },
  signin: {
    description: "Staff sign-in: the platform's own OpenID provider (where there is no Cognito)",
    table: {
      read: ['CONFIG', 'STAFF#*', 'OIDCBY#*'],
      // GUARD#*: attempts counted by account and by source; SIGNIN#*: sign-ins ended by signing out.
      write: ['OIDC#*', 'CREDENTIAL#*', 'KEYS#OIDC', 'SIGNIN#*', 'GUARD#*'],
    },
    provider: 'platform',
    // scrypt takes 32 MiB and its time from the CPU share: a password is checked in some 100 ms.
    memorySize: 1024,
    timeoutSeconds: 10,
  },
  renderer: {
    description: "The public site's one writer: renders the pages each step queued (table stream), and the rebuild job",
    table: {
      read: ['AGENCIES', 'AGENCY#*', 'CALENDAR', 'CONFIG'],
      // SITECHANGES: the journal of what each pass wrote, which 自查 reads.
      write: ['PUB#*', 'LIST#*', 'RENDER', 'SEARCH', 'SITECHANGES', 'JOB#*', 'JOBQUEUE'],
    },
    // The site is the whole bucket (pages, feeds, sitemaps, open data, search index, attachments
    // copied from the private bucket).
    siteBucket: { '': 'readwrite' },
    privateBucket: { 'publications/': 'read' },
    memorySize: 1536,
    // Each invocation hands the queue (and each rebuild turn its job) on before running out of time.
    timeoutSeconds: 900,
    files: { expressions: expressionFiles },
  },
  sweep: {
    description:
      'Daily sweep: deadlines, reminders, expiries, mail retries; wakes the renderer for stuck renders and the search fold',
    table: {
      // REMIND: the agenda of report reminders (which agencies to look at today).
      read: ['AGENCIES', 'CALENDAR', 'CONFIG', 'MAILPENDING', 'SEARCH', 'REMIND'],
      // JOB#*, JOBQUEUE: the weekly 自查 it starts.
      // AVAIL: the site probe's daily counts.
      write: ['AGENCY#*', 'APP#*', 'OPEN', 'SWEEP', 'PUB#*', 'LATENESS', 'RENDER', 'JOB#*', 'JOBQUEUE', 'AVAIL'],
    },
    mail: true,
    memorySize: 1536,
    // It walks the open applications: minutes, not seconds.
    timeoutSeconds: 900,
    files: { expressions: expressionFiles },
  },
  mailer: {
    description: 'Delivers the e-mail each letter leaves in the outbox (table stream)',
    table: {
      read: ['MAILPENDING'],
      write: ['AGENCY#*'],
    },
    mail: true,
    memorySize: 256,
    timeoutSeconds: 60,
  },
  privacy: {
    description:
      '个人信息检查 and 表述检查 of attachments (PDF, Word, Excel, CSV; images and scans by OCR) for review, and the daily sweep over what was published before (table stream)',
    table: {
      // The county listing, in publication order, is the sweep's path through what was published;
      // APP#*: the applicant's own identity number and phone, left out of the check of the files given to them;
      // AGENCY#*: the portal's government (its children's index) and its 表述检查 words (EXPRESSIONS).
      read: ['LIST#*', 'APP#*', 'AGENCY#*'],
      // ATTLINKS#*: the external links an attachment's text names, kept for 自查 (jobs).
      write: ['PUB#*', 'PRIVACY', 'JOB#*', 'JOBQUEUE', 'ATTLINKS#*'],
    },
    // Reads the attachments where they wait and stay (the renderer copies them to the site), and the
    // files for an answer where they wait to be linked; writes nothing there.
    privateBucket: { 'publications/': 'read', 'uploads/pending/': 'read' },
    // PDF.js parses in memory, OCR holds a page's pixels and its model; the CPU share follows the memory.
    memorySize: 1536,
    timeoutSeconds: 900,
    files: { ocr: ocrFiles, expressions: expressionFiles },
  },
  jobs: {
    description:
      'Background jobs (the recount, the requeue, 自查): one turn per stream record, handing on before its timeout',
    table: {
      // 自查 reads the renderer's journal, the listings' newest items and the links into removed pages.
      // An approved import of history publishes its rows as approvals do (PUB#*, LIST#*, INDEXNO#*, RENDER).
      // LINK#*: the external links' records and their referrers; LINKDUE the agenda of their checks,
      // DEADLINKS the pages linking to a dead one (functions/jobs/external-links.ts); ATTLINKS#* the links
      // written in attachments (the privacy function keeps them), checked with the pages offering them.
      read: [
        'AGENCIES',
        'CALENDAR',
        'CONFIG',
        'SITECHANGES',
        'LINKTO#*',
        'INSPECT#*',
        'AVAIL',
        'LINKDUE',
        'DEADLINKS',
        'ATTLINKS#*',
      ],
      write: [
        'LINK#*',
        'AGENCY#*',
        'APP#*',
        'OPEN',
        'JOB#*',
        'JOBQUEUE',
        'INSPECT',
        'SITEPAGE#*',
        'LINKTO#*',
        'PUB#*',
        'LIST#*',
        'RENDER',
        'IMPORT#*',
        'INDEXNO#*',
      ],
    },
    // 自查 reads the rendered pages (and lists them on a full run); it writes nothing there.
    siteBucket: { '': 'read' },
    listSite: true,
    memorySize: 1024,
    // Lambda's maximum; each turn stops two minutes short of it and hands on (functions/jobs/run.ts).
    timeoutSeconds: 900,
    files: { expressions: expressionFiles },
  },
};

export const entryOf = (fn: DeployedFunction) => `functions/${fn}/handler.ts`;
