/**
 * The single table's physical design, read by both the CDK stack and the local stack so the two
 * cannot disagree. Access patterns (add a row before adding a key shape):
 *
 * | pattern                               | key                                             |
 * |---------------------------------------|-------------------------------------------------|
 * | agency by id                          | pk=AGENCY#<id>      sk=PROFILE                  |
 * | its 电子印章 for the letters' PDF        | pk=AGENCY#<id>      sk=SEAL                     |
 * | a county's 表述检查 additions, exceptions | pk=AGENCY#<county> sk=EXPRESSIONS              |
 * | all agencies, in portal order         | gsi1pk=AGENCIES     gsi1sk=<order>#<id>         |
 * | agencies directly under one (the directory), by kind and order | gsi2pk=AGENCY#<parent id, - for the top>#CHILDREN gsi2sk=<kind>#<order>#<id> |
 * | agencies of one kind (a province's counties), in portal order | gsi3pk=AGENCIES#<kind> gsi3sk=<order>#<id> |
 * | staff member by username              | pk=STAFF#<username> sk=PROFILE                  |
 * | staff of one agency                   | gsi1pk=AGENCY#<id>#STAFF  gsi1sk=<username>     |
 * | a staff function's deep health check  | pk=HEALTH           sk=<function>#<token> (TTL) |
 * | last run of the daily sweep           | pk=SWEEP            sk=LAST                     |
 * | the home page's availability, a day (TTL) | pk=AVAIL           sk=DAY#<date>               |
 * | seed marker of the local demo county  | pk=SEED             sk=<name>                   |
 * | application, timeline and letters     | pk=APP#<receipt no> sk=APP | EVENT#<time>#<n> | LETTER#<v> |
 * | … its case-file exports (答辩证据)      | pk=APP#<receipt no> sk=EXPORT#<time>#<id>       |
 * | an agency's applications by receipt   | gsi1pk=AGENCY#<id>#APPS  gsi1sk=<date>#<no>     |
 * | its queue by reply deadline (stored)  | gsi2pk=AGENCY#<id>#QUEUE gsi2sk=<due|~>#<no>    |
 * | … of one status, by deadline          | gsi3pk=AGENCY#<id>#QUEUE#<status> gsi3sk=as gsi2 |
 * | … of one assignee (- none), by deadline | gsi4pk=AGENCY#<id>#QUEUE#@<user> gsi4sk=as gsi2 |
 * | open applications (the sweep's list)  | pk=OPEN             sk=<receipt no>             |
 * | letter-number sequence, per kind/year | pk=AGENCY#<id>      sk=SEQ#LETTER#<kind>#<year> |
 * | an agency's outgoing e-mail (outbox)  | pk=AGENCY#<id>      sk=OUTBOX#<time>#<no>#<v>  |
 * | receipt-number sequence, per year     | pk=AGENCY#<id>      sk=SEQ#APP#<year>           |
 * | an old system's case carried over, by its old number | pk=AGENCY#<id> sk=CARRIED#<old number> receiptNumber |
 * | report counters, per year             | pk=AGENCY#<id>      sk=STATS#<year>             |
 * | … added up over the agencies directly under one, in shards | pk=AGENCY#<parent> sk=STATSUNDER#<year>#<shard> |
 * | submission by idempotency key (24 h)  | pk=IDEMP#<sha256>   sk=IDEMP        (TTL)       |
 * | a citizen's form sent back with errors (30 min) | pk=DRAFT#<id> sk=DRAFT (TTL)      |
 * | calendar schedule of a year + history | pk=CALENDAR         sk=YEAR#<y> | YEAR#<y>#V<n> |
 * | rate-limit window                     | pk=RATE#<scope>#<id> sk=<window>    (TTL)       |
 * | publication, its events and versions  | pk=PUB#<id>         sk=ITEM | EVENT#<t>#<v> | VERSION#<r> |
 * | its place in the county listing       | pk=PUB#<id>         sk=COUNTY                   |
 * | … in its agency's and category's      | pk=PUB#<id>         sk=PLACE#<listing>          |
 * | an agency's publications, by update   | gsi1pk=AGENCY#<id>#PUBS  gsi1sk=<time>#<id>     |
 * | … those with a privacy finding open   | gsi2pk=PRIVACY#<id>  gsi2sk=<time>#<id> (sparse) |
 * | … the same across the county          | gsi3pk=PRIVACY       gsi3sk=<time>#<id> (sparse) |
 * | the privacy sweep's place in the county listing | pk=PRIVACY   sk=SWEEP                   |
 * | a listing's entries, in order         | pk=LIST#<listing>   sk=E#<seq, 8 digits>        |
 * | a listing's sequence                  | pk=LIST#<listing>   sk=SEQ                      |
 * | … those published on the platform     | gsi1pk=LIST#<listing>#NEW gsi1sk=E#<seq> (sparse: not imported) |
 * | 索引号 held by an item of an agency     | pk=INDEXNO#<agency>  sk=<索引号>   itemId        |
 * | an import of history and its rows     | pk=IMPORT#<id>      sk=BATCH | ROW#<发布日期>#<row id> |
 * | … its job's plan of a slice of rows    | pk=IMPORT#<id>      sk=PLAN#<rows before>#<n>   |
 * | an agency's imports, newest first     | gsi1pk=AGENCY#<id>#IMPORTS gsi1sk=<time>#<id>   |
 * | a catalogue row staged by a batch     | pk=AGENCY#<id>#IMPORTROWS sk=<row id>  batchId  |
 * | an agency's category choices (导入)    | pk=AGENCY#<id>      sk=IMPORT#CATEGORIES        |
 * | 索引号 sequence, per agency and year    | pk=AGENCY#<id>      sk=SEQ#INDEX#<year>         |
 * | an agency's guide and rules pages     | pk=AGENCY#<id>      sk=PAGE#<guide|rules>       |
 * | pending site renders, and their lock  | pk=RENDER           sk=TASK#<time>#<id> | LOCK   |
 * | the site's public address             | pk=CONFIG           sk=SITE                     |
 * | search items changed since the base   | pk=SEARCH           sk=DELTA                    |
 * | publications whose 条例26 lateness waits for a year's calendar | pk=LATENESS  sk=<year>#<id> |
 * | a background job (rebuild, recount)   | pk=JOB#<id>         sk=JOB                      |
 * | a job's turn to run (stream → jobs)   | pk=JOBQUEUE         sk=<time>#<id>              |
 * | the one running job of a kind, per agency | pk=JOB#<kind>@<agency> sk=RUNNING   jobId      |
 * | an agency's annual report of a year   | pk=AGENCY#<id>      sk=REPORT#<year>            |
 * | its audit log                         | pk=AGENCY#<id>      sk=REPORTLOG#<year>#<time>#<v> |
 * | a government's sum of the reports of its year (its own and those under it), in shards | pk=AGENCY#<id> sk=REPORTSUM#<year>#<shard> |
 * | the sweep's agenda of report reminders (each agency, by the day it is next looked at) | pk=AGENCY#<id> sk=REMIND gsi1pk=REMIND gsi1sk=<day>#<id> |
 * | mail not yet delivered (sweep retries) | gsi1pk=MAILPENDING gsi1sk=<time>#<agency>#<no>#<v> |
 * | the sweep's agenda (open applications) | gsi1pk=SWEEP  gsi1sk=<day next due>#<receipt no> |
 * | an applicant's applications to an agency (109号 per-item fee count) | pk=APPLICANT#<agency>#<identity hash> sk=<receipt date>#<receipt no> |
 * | the data migrations a table has had   | pk=DESIGN           sk=MIGRATIONS               |
 * | a 复议/诉讼 case of an application     | pk=APP#<receipt no> sk=CASE#<id>                |
 * | an agency's cases, by filing date     | gsi1pk=AGENCY#<id>#CASES  gsi1sk=<date>#<id>    |
 * | agency code, held unique              | pk=AGENCYCODE#<code> sk=CODE                    |
 * | a letter-number prefix, held by one agency | pk=LETTERPREFIX#<prefix> sk=PREFIX  agencyId  |
 * | audit of administration, by time      | pk=ADMINLOG         sk=<time>#<id>              |
 * | … of one agency                       | gsi1pk=AGENCY#<id>#ADMINLOG gsi1sk=<time>#<id>  |
 * | a staff account's sign-ins (TTL), last | pk=SIGNIN#<username> sk=AT#<time> | LAST        |
 * | … a sign-in ended by signing out (TTL) | pk=SIGNIN#<username> sk=ENDED#<auth time>       |
 * | the platform's own sign-in: a credential | pk=CREDENTIAL#<username> sk=CREDENTIAL       |
 * | … a dynamic code's time step it used (TTL) | pk=CREDENTIAL#<username> sk=TOTP#<step>    |
 * | sign-in attempts at an account: all its failures, and each source's attempts (TTL) | pk=GUARD#ACCOUNT#<username> sk=ALL | FROM#<source> |
 * | sign-in attempts from one source, at any account (TTL) | pk=GUARD#SOURCE#<source> sk=ALL |
 * | its OpenID provider's stored models (TTL) | pk=OIDC#<model>#<id> sk=OIDC                 |
 * | … its signing and cookie keys         | pk=KEYS#OIDC        sk=KEYS                     |
 * | the key signing application form starts | pk=KEYS#FORM      sk=KEYS                     |
 * | … found by session uid or by grant    | gsi1pk=OIDCBY#<uid|grant>#<value> gsi1sk=pk     |
 * | what each render pass wrote (TTL)     | pk=SITECHANGES      sk=<time>#<id>#<n>          |
 * | 自查: state, runs, thresholds          | pk=INSPECT          sk=STATE | RUN#<time> | SETTINGS |
 * | … a run's findings of one agency      | pk=INSPECT          sk=FINDINGS#<time>#<agency> |
 * | … an agency's records as last checked | pk=INSPECT          sk=REC#<agency>  (columns' newest, report, its counts, when due) |
 * | … an agency's findings, from the run that found them (a run references them) | pk=INSPECT sk=AGENCY#<agency>#<time> |
 * | … the counts of the agencies under a parent, from a run on | pk=INSPECT        sk=UNDER#<parent>#<time> |
 * | … an agency gone from under a parent, when a run found it gone (its name, for earlier runs' reports) | pk=INSPECT sk=GONE#<parent>#<agency> |
 * | … the agencies whose judgement changes on a day (a column goes stale) | pk=INSPECT sk=DUE#<date>#<agency> |
 * | … the portal's running totals (by rule, severity, stale and blank columns) | pk=INSPECT sk=TOTALS |
 * | a site page's last check (its links, findings) | pk=SITEPAGE#<key> sk=PAGE              |
 * | … an agency's pages with findings     | gsi1pk=INSPECT#<agency> gsi1sk=<key>   (sparse) |
 * | pages linking to an item, file, report | pk=LINKTO#<key>   sk=<page key>               |
 * | an external link: its checks' state, on the agenda by its next check | pk=LINK#<url hash> sk=LINK gsi1pk=LINKDUE gsi1sk=<next check>#<hash> |
 * | … a page linking to it, with the agency's finding while the link is dead | pk=LINK#<url hash> sk=FROM#<page key> gsi1pk=DEADLINKS gsi1sk=<agency>#<page key>#<hash> (sparse) |
 * | a page's external links (as its last check found them) | pk=SITEPAGE#<key> sk=EXTLINKS             |
 * | the external links an attachment's text names (个人信息检查 reads it) | pk=ATTLINKS#<attachment id> sk=LINKS |
 * | a redaction (部分公开's marks, its verification, the produced file) and its audit | pk=REDACTION#<id> sk=REDACTION | EVENT#<time>#<n> |
 * | the redaction a produced file's upload came from (the answer finds it by upload id) | pk=REDACTED#<upload id> sk=UPLOAD |
 *
 * Partitions are also the unit of IAM grants (`dynamodb:LeadingKeys`, cdk/functions.ts): what only
 * some functions may touch (credentials, keys, sign-in records) has a partition of its own.
 */
import type { WriteConfinement } from '#lib/table-keys.ts';

/**
 * What the citizens' function may write in an agency's partition: the receipt-number sequence, the
 * counters (its own, and those added up under its parent) and the outbox, never the agency's profile,
 * reports, pages or settings. IAM's LeadingKeys
 * cannot say it (it sees the partition, `AGENCY#<id>`, and the agency is the one the request names),
 * so the function holds itself to it (`confineWrites`), and the local platform holds it as well.
 */
export const citizenAgencyWrites: WriteConfinement = { 'AGENCY#': ['SEQ#APP#', 'STATS#', 'STATSUNDER#', 'OUTBOX#'] };

/** What the documents function may write in an agency's partition: its 电子印章, nothing else. */
export const sealWrites: WriteConfinement = { 'AGENCY#': ['SEAL'] };

export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  indexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    { indexName: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
  ],
} as const;

export const keys = {
  agency: (id: string) => ({ pk: `AGENCY#${id}`, sk: 'PROFILE' }),
  /** The agency's 电子印章 (PNG) for its letters' PDF: private, never on the site. */
  agencySeal: (id: string) => ({ pk: `AGENCY#${id}`, sk: 'SEAL' }),
  /** The county's additions to and exceptions from the shipped 表述检查 dictionary. */
  expressionRules: (countyId: string) => ({ pk: `AGENCY#${countyId}`, sk: 'EXPRESSIONS' }),
  agencyList: () => ({ gsi1pk: 'AGENCIES' }),
  /** The agencies directly under `parentId` (null: the portal's top government), by kind, then order. */
  agencyChildren: (parentId: string | null) => ({ gsi2pk: `AGENCY#${parentId ?? '-'}#CHILDREN` }),
  /** The agencies of one kind (every county of a province), in portal order. */
  agenciesOfKind: (kind: string) => ({ gsi3pk: `AGENCIES#${kind}` }),
  staff: (username: string) => ({ pk: `STAFF#${username}`, sk: 'PROFILE' }),
  agencyStaff: (agencyId: string) => ({ gsi1pk: `AGENCY#${agencyId}#STAFF` }),
  /** One deep health check's probe: a key of its own, so concurrent checks never read each other's. */
  healthProbe: (fn: string, token: string) => ({ pk: 'HEALTH', sk: `${fn}#${token}` }),
  sweep: () => ({ pk: 'SWEEP', sk: 'LAST' }),
  /** The home page's availability as the platform's own probe saw it on one day (TTL). */
  availability: (day: string) => ({ pk: 'AVAIL', sk: `DAY#${day}` }),
  seed: (name: string) => ({ pk: 'SEED', sk: name }),
  application: (receiptNumber: string) => ({ pk: `APP#${receiptNumber}`, sk: 'APP' }),
  /** The identity is hashed: a key carries no identity document number. */
  applicantReceipt: (agencyId: string, identityHash: string, receiptDate: string, receiptNumber: string) => ({
    pk: `APPLICANT#${agencyId}#${identityHash}`,
    sk: `${receiptDate}#${receiptNumber}`,
  }),
  migrations: () => ({ pk: 'DESIGN', sk: 'MIGRATIONS' }),
  /** A published item's place in the county listing (the renderer's to take and give up). */
  countyPosition: (id: string) => ({ pk: `PUB#${id}`, sk: 'COUNTY' }),
  /** Its place in its agency's or a category's listing (the renderer's too). */
  listingPlace: (id: string, listing: string) => ({ pk: `PUB#${id}`, sk: `PLACE#${listing}` }),
  /** The one outstanding link to a new query code (找回查询码), until used or expired. */
  codeRecovery: (receiptNumber: string) => ({ pk: `APP#${receiptNumber}`, sk: 'RECOVERY' }),
  applicationEvent: (receiptNumber: string, at: string, n: number) => ({
    pk: `APP#${receiptNumber}`,
    sk: `EVENT#${at}#${n}`,
  }),
  agencyApplicationList: (agencyId: string) => ({ gsi1pk: `AGENCY#${agencyId}#APPS` }),
  agencyApplications: (agencyId: string, receiptDate: string, receiptNumber: string) => ({
    gsi1pk: `AGENCY#${agencyId}#APPS`,
    gsi1sk: `${receiptDate}#${receiptNumber}`,
  }),
  /**
   * The queue's three orderings of one application, all by the reply deadline stored at write time
   * (`~` sorts after every date: no deadline yet, or ended). `-` is the unassigned.
   */
  queue: (
    agencyId: string,
    status: string,
    assignee: string | undefined,
    due: string | null,
    receiptNumber: string,
  ) => {
    const sk = `${due ?? '~'}#${receiptNumber}`;
    return {
      gsi2pk: `AGENCY#${agencyId}#QUEUE`,
      gsi2sk: sk,
      gsi3pk: `AGENCY#${agencyId}#QUEUE#${status}`,
      gsi3sk: sk,
      gsi4pk: `AGENCY#${agencyId}#QUEUE#@${assignee ?? '-'}`,
      gsi4sk: sk,
    };
  },
  /** A case file (答辩证据) taken of the application: who, when, and the archive's hash. */
  caseFileExport: (receiptNumber: string, at: string, id: string) => ({
    pk: `APP#${receiptNumber}`,
    sk: `EXPORT#${at}#${id}`,
  }),
  applicationLetter: (receiptNumber: string, version: number) => ({
    pk: `APP#${receiptNumber}`,
    sk: `LETTER#${String(version).padStart(6, '0')}`,
  }),
  openApplication: (receiptNumber: string) => ({ pk: 'OPEN', sk: receiptNumber }),
  /** The sweep's agenda: open applications by the day the sweep next has something to do (sparse). */
  sweepAgenda: (sweepOn: string, receiptNumber: string) => ({ gsi1pk: 'SWEEP', gsi1sk: `${sweepOn}#${receiptNumber}` }),
  openApplications: () => ({ pk: 'OPEN' }),
  letterSequence: (agencyId: string, kind: string, year: number) => ({
    pk: `AGENCY#${agencyId}`,
    sk: `SEQ#LETTER#${kind}#${year}`,
  }),
  outbox: (agencyId: string, at: string, receiptNumber: string, version: number) => ({
    pk: `AGENCY#${agencyId}`,
    sk: `OUTBOX#${at}#${receiptNumber}#${version}`,
  }),
  /** Mail not yet delivered (pending, or failed before), across agencies: the sweep retries from it (sparse). */
  mailPending: (at: string, agencyId: string, receiptNumber: string, version: number) => ({
    gsi1pk: 'MAILPENDING',
    gsi1sk: `${at}#${agencyId}#${receiptNumber}#${version}`,
  }),
  outboxPrefix: (agencyId: string) => ({ pk: `AGENCY#${agencyId}`, skPrefix: 'OUTBOX#' }),
  sequence: (agencyId: string, year: number) => ({ pk: `AGENCY#${agencyId}`, sk: `SEQ#APP#${year}` }),
  carriedClaim: (agencyId: string, oldNumber: string) => ({ pk: `AGENCY#${agencyId}`, sk: `CARRIED#${oldNumber}` }),
  stats: (agencyId: string, year: number) => ({ pk: `AGENCY#${agencyId}`, sk: `STATS#${year}` }),
  /** The counters of the agencies directly under `parentId`, added up: one of its shards (each agency always adds to the same one). */
  statsUnder: (parentId: string, year: number, shard: number) => ({
    pk: `AGENCY#${parentId}`,
    sk: `STATSUNDER#${year}#${shard}`,
  }),
  idempotency: (keyHash: string) => ({ pk: `IDEMP#${keyHash}`, sk: 'IDEMP' }),
  calendarYear: (year: number) => ({ pk: 'CALENDAR', sk: `YEAR#${year}` }),
  calendarVersion: (year: number, version: number) => ({
    pk: 'CALENDAR',
    sk: `YEAR#${year}#V${String(version).padStart(4, '0')}`,
  }),
  publication: (id: string) => ({ pk: `PUB#${id}`, sk: 'ITEM' }),
  publicationEvent: (id: string, at: string, version: number) => ({ pk: `PUB#${id}`, sk: `EVENT#${at}#${version}` }),
  publicationVersion: (id: string, revision: number) => ({
    pk: `PUB#${id}`,
    sk: `VERSION#${String(revision).padStart(4, '0')}`,
  }),
  agencyPublications: (agencyId: string, at: string, id: string) => ({
    gsi1pk: `AGENCY#${agencyId}#PUBS`,
    gsi1sk: `${at}#${id}`,
  }),
  agencyPublicationList: (agencyId: string) => ({ gsi1pk: `AGENCY#${agencyId}#PUBS` }),
  /** A publication with a 个人信息检查 finding no reviewer has acknowledged (sparse: the item leaves when none is open). */
  privacyOpen: (agencyId: string, at: string, id: string) => ({
    gsi2pk: `PRIVACY#${agencyId}`,
    gsi2sk: `${at}#${id}`,
    gsi3pk: 'PRIVACY',
    gsi3sk: `${at}#${id}`,
  }),
  agencyPrivacyList: (agencyId: string) => ({ gsi2pk: `PRIVACY#${agencyId}` }),
  countyPrivacyList: () => ({ gsi3pk: 'PRIVACY' }),
  privacySweep: () => ({ pk: 'PRIVACY', sk: 'SWEEP' }),
  /** An import of history (a batch of catalogue rows) and its rows, in order of their 发布日期. */
  importBatch: (id: string) => ({ pk: `IMPORT#${id}`, sk: 'BATCH' }),
  importRow: (batchId: string, publishedOn: string, rowId: string) => ({
    pk: `IMPORT#${batchId}`,
    sk: `ROW#${publishedOn}#${rowId}`,
  }),
  /** What the import job gave a slice of a batch's rows (索引号, listing places), kept with the batch. */
  importPlan: (batchId: string, slice: string) => ({ pk: `IMPORT#${batchId}`, sk: `PLAN#${slice}` }),
  agencyImports: (agencyId: string, at: string, id: string) => ({
    gsi1pk: `AGENCY#${agencyId}#IMPORTS`,
    gsi1sk: `${at}#${id}`,
  }),
  agencyImportList: (agencyId: string) => ({ gsi1pk: `AGENCY#${agencyId}#IMPORTS` }),
  /** Which batch staged a catalogue row: the same row sent again, to any batch, is staged once. */
  importRowClaim: (agencyId: string, rowId: string) => ({ pk: `AGENCY#${agencyId}#IMPORTROWS`, sk: rowId }),
  /** The category each of the agency's old catalogue values stands for, as its office chose. */
  importCategoryMap: (agencyId: string) => ({ pk: `AGENCY#${agencyId}`, sk: 'IMPORT#CATEGORIES' }),
  /** A 索引号 held by one item of its agency. */
  indexClaim: (agencyId: string, indexNumber: string) => ({ pk: `INDEXNO#${agencyId}`, sk: indexNumber }),
  /** A listing's entries published on the platform (not imported history): what feeds and homes show as new. */
  listingFresh: (listing: string, seq: number) => ({
    gsi1pk: `LIST#${listing}#NEW`,
    gsi1sk: `E#${String(seq).padStart(8, '0')}`,
  }),
  listingEntry: (listing: string, seq: number) => ({ pk: `LIST#${listing}`, sk: `E#${String(seq).padStart(8, '0')}` }),
  listingSequence: (listing: string) => ({ pk: `LIST#${listing}`, sk: 'SEQ' }),
  indexSequence: (agencyId: string, year: number) => ({ pk: `AGENCY#${agencyId}`, sk: `SEQ#INDEX#${year}` }),
  agencyPage: (agencyId: string, page: string) => ({ pk: `AGENCY#${agencyId}`, sk: `PAGE#${page}` }),
  renderTask: (at: string, id: string) => ({ pk: 'RENDER', sk: `TASK#${at}#${id}` }),
  renderLock: () => ({ pk: 'RENDER', sk: 'LOCK' }),
  siteConfig: () => ({ pk: 'CONFIG', sk: 'SITE' }),
  searchDelta: () => ({ pk: 'SEARCH', sk: 'DELTA' }),
  job: (id: string) => ({ pk: `JOB#${id}`, sk: 'JOB' }),
  jobTurn: (at: string, id: string) => ({ pk: 'JOBQUEUE', sk: `${at}#${id}` }),
  /** Held by the one job of a kind an agency has queued or running (job ids have no `@`). */
  jobClaim: (kind: string, agencyId: string) => ({ pk: `JOB#${kind}@${agencyId}`, sk: 'RUNNING' }),
  latenessPending: (year: number, id: string) => ({ pk: 'LATENESS', sk: `${year}#${id}` }),
  report: (agencyId: string, year: number) => ({ pk: `AGENCY#${agencyId}`, sk: `REPORT#${year}` }),
  /** A government's sum of its year's reports (its own and those directly under it): one shard of the cells. */
  reportSum: (agencyId: string, year: number, shard: number) => ({
    pk: `AGENCY#${agencyId}`,
    sk: `REPORTSUM#${year}#${shard}`,
  }),
  reportSumPrefix: (agencyId: string, year: number) => ({ pk: `AGENCY#${agencyId}`, skPrefix: `REPORTSUM#${year}#` }),
  /** An agency's place on the sweep's agenda of report reminders: the day the sweep next looks at its reports. */
  reportReminder: (agencyId: string, on: string) => ({
    pk: `AGENCY#${agencyId}`,
    sk: 'REMIND',
    gsi1pk: 'REMIND',
    gsi1sk: `${on}#${agencyId}`,
  }),
  reminderAgenda: () => ({ gsi1pk: 'REMIND' }),
  reportLog: (agencyId: string, year: number, at: string, version: number) => ({
    pk: `AGENCY#${agencyId}`,
    sk: `REPORTLOG#${year}#${at}#${version}`,
  }),
  reportLogPrefix: (agencyId: string, year: number) => ({ pk: `AGENCY#${agencyId}`, skPrefix: `REPORTLOG#${year}#` }),
  case: (receiptNumber: string, id: string) => ({ pk: `APP#${receiptNumber}`, sk: `CASE#${id}` }),
  caseEvent: (receiptNumber: string, at: string, id: string) => ({
    pk: `APP#${receiptNumber}`,
    sk: `EVENT#${at}#case-${id}`,
  }),
  agencyCases: (agencyId: string, filedOn: string, id: string) => ({
    gsi1pk: `AGENCY#${agencyId}#CASES`,
    gsi1sk: `${filedOn}#${id}`,
  }),
  agencyCaseList: (agencyId: string) => ({ gsi1pk: `AGENCY#${agencyId}#CASES` }),
  agencyCode: (code: string) => ({ pk: `AGENCYCODE#${code}`, sk: 'CODE' }),
  /** The prefix of an agency's letter numbers (露政公), held by that agency alone: its numbers are its own. */
  letterPrefix: (prefix: string) => ({ pk: `LETTERPREFIX#${prefix}`, sk: 'PREFIX' }),
  adminLog: (at: string, id: string) => ({ pk: 'ADMINLOG', sk: `${at}#${id}` }),
  adminLogList: () => ({ pk: 'ADMINLOG' }),
  agencyAdminLog: (agencyId: string, at: string, id: string) => ({
    gsi1pk: `AGENCY#${agencyId}#ADMINLOG`,
    gsi1sk: `${at}#${id}`,
  }),
  agencyAdminLogList: (agencyId: string) => ({ gsi1pk: `AGENCY#${agencyId}#ADMINLOG` }),
  signIn: (username: string, at: string) => ({ pk: `SIGNIN#${username}`, sk: `AT#${at}` }),
  signIns: (username: string) => ({ pk: `SIGNIN#${username}`, skPrefix: 'AT#' }),
  lastSignIn: (username: string) => ({ pk: `SIGNIN#${username}`, sk: 'LAST' }),
  credential: (username: string) => ({ pk: `CREDENTIAL#${username}`, sk: 'CREDENTIAL' }),
  /** A dynamic code's time step, once an account has signed in with it: a code is taken once. */
  totpUsed: (username: string, step: number) => ({ pk: `CREDENTIAL#${username}`, sk: `TOTP#${step}` }),
  /** A sign-in (by its auth_time) ended by signing out: its tokens are refused from then on. */
  endedSignIn: (username: string, authTime: string) => ({ pk: `SIGNIN#${username}`, sk: `ENDED#${authTime}` }),
  /** The sign-in's counts of attempts (keyed by the username as typed, whether or not it exists). */
  guardAccount: (username: string) => ({ pk: `GUARD#ACCOUNT#${username}`, sk: 'ALL' }),
  guardAccountFrom: (username: string, source: string) => ({ pk: `GUARD#ACCOUNT#${username}`, sk: `FROM#${source}` }),
  guardSource: (source: string) => ({ pk: `GUARD#SOURCE#${source}`, sk: 'ALL' }),
  oidcKeys: () => ({ pk: 'KEYS#OIDC', sk: 'KEYS' }),
  formKey: () => ({ pk: 'KEYS#FORM', sk: 'KEYS' }),
  formDraft: (id: string) => ({ pk: `DRAFT#${id}`, sk: 'DRAFT' }),
  oidc: (model: string, id: string) => ({ pk: `OIDC#${model}#${id}`, sk: 'OIDC' }),
  oidcBy: (kind: 'uid' | 'userCode' | 'grant', value: string) => ({ gsi1pk: `OIDCBY#${kind}#${value}` }),
  siteChanges: (at: string, id: string) => ({ pk: 'SITECHANGES', sk: `${at}#${id}` }),
  inspectionState: () => ({ pk: 'INSPECT', sk: 'STATE' }),
  inspectionRun: (ranAt: string) => ({ pk: 'INSPECT', sk: `RUN#${ranAt}` }),
  inspectionSettings: () => ({ pk: 'INSPECT', sk: 'SETTINGS' }),
  inspectionFindings: (ranAt: string, agencyId: string) => ({ pk: 'INSPECT', sk: `FINDINGS#${ranAt}#${agencyId}` }),
  inspectionRecords: (agencyId: string) => ({ pk: 'INSPECT', sk: `REC#${agencyId}` }),
  inspectionAgencyFindings: (agencyId: string, since: string) => ({ pk: 'INSPECT', sk: `AGENCY#${agencyId}#${since}` }),
  inspectionUnder: (parentId: string, since: string) => ({ pk: 'INSPECT', sk: `UNDER#${parentId}#${since}` }),
  inspectionGone: (parentId: string, agencyId: string) => ({ pk: 'INSPECT', sk: `GONE#${parentId}#${agencyId}` }),
  inspectionDue: (date: string, agencyId: string) => ({ pk: 'INSPECT', sk: `DUE#${date}#${agencyId}` }),
  inspectionTotals: () => ({ pk: 'INSPECT', sk: 'TOTALS' }),
  sitePage: (key: string) => ({ pk: `SITEPAGE#${key}`, sk: 'PAGE' }),
  pageFindings: (agencyId: string) => ({ gsi1pk: `INSPECT#${agencyId}` }),
  linkTo: (target: string, source: string) => ({ pk: `LINKTO#${target}`, sk: source }),
  /** An external link's record, on the agenda of checks by its next check (`core/external-links.ts`). */
  externalLink: (hash: string) => ({ pk: `LINK#${hash}`, sk: 'LINK' }),
  linkAgenda: (nextCheck = '', hash = '') => ({ gsi1pk: 'LINKDUE', gsi1sk: `${nextCheck}#${hash}` }),
  externalLinkFrom: (hash: string, page: string) => ({ pk: `LINK#${hash}`, sk: `FROM#${page}` }),
  /** A page's link to a dead external address, listed while the link is dead (sparse: as many as are dead, by agency). */
  deadLink: (agencyId = '', page = '', hash = '') => ({ gsi1pk: 'DEADLINKS', gsi1sk: `${agencyId}#${page}#${hash}` }),
  pageExternalLinks: (page: string) => ({ pk: `SITEPAGE#${page}`, sk: 'EXTLINKS' }),
  attachmentLinks: (attachmentId: string) => ({ pk: `ATTLINKS#${attachmentId}`, sk: 'LINKS' }),
  /** A redaction of one file (an answer's or an attachment's): its marks, state, verification and result. */
  redaction: (id: string) => ({ pk: `REDACTION#${id}`, sk: 'REDACTION' }),
  /** Its audit: who created, marked (grounds, reasons, counts; never the words), produced, applied. */
  redactionEvent: (id: string, at: string, n: number) => ({ pk: `REDACTION#${id}`, sk: `EVENT#${at}#${n}` }),
  /** The pending upload a redaction's produced file became: the answer that gives it records the grounds. */
  redactedUpload: (uploadId: string) => ({ pk: `REDACTED#${uploadId}`, sk: 'UPLOAD' }),
  rate: (scope: string, id: string, window: number) => ({ pk: `RATE#${scope}#${id}`, sk: String(window) }),
};
