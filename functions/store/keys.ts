/**
 * The key of each access pattern of the single table (design.ts lists them: add a row there before
 * adding a key shape here). One export each, imported as a namespace, `import * as keys from
 * './keys.ts'`, so that a function's bundle carries only the keys it builds: as one object they were
 * all in every bundle (6.8 KB), since a bundler cannot drop an object's unused properties.
 */
export const agency = (id: string) => ({ pk: `AGENCY#${id}`, sk: 'PROFILE' });
/** The agency's 电子印章 (PNG) for its letters' PDF: private, never on the site. */
export const agencySeal = (id: string) => ({ pk: `AGENCY#${id}`, sk: 'SEAL' });
/** The county's additions to and exceptions from the shipped 表述检查 dictionary. */
export const expressionRules = (countyId: string) => ({ pk: `AGENCY#${countyId}`, sk: 'EXPRESSIONS' });
export const agencyList = () => ({ gsi1pk: 'AGENCIES' });
/** The agencies directly under `parentId` (null: the portal's top government), by kind, then order. */
export const agencyChildren = (parentId: string | null) => ({ gsi2pk: `AGENCY#${parentId ?? '-'}#CHILDREN` });
/** The agencies of one kind (every county of a province), in portal order. */
export const agenciesOfKind = (kind: string) => ({ gsi3pk: `AGENCIES#${kind}` });
export const staff = (username: string) => ({ pk: `STAFF#${username}`, sk: 'PROFILE' });
export const agencyStaff = (agencyId: string) => ({ gsi1pk: `AGENCY#${agencyId}#STAFF` });
/** One deep health check's probe: a key of its own, so concurrent checks never read each other's. */
export const healthProbe = (fn: string, token: string) => ({ pk: 'HEALTH', sk: `${fn}#${token}` });
export const sweep = () => ({ pk: 'SWEEP', sk: 'LAST' });
/** The home page's availability as the platform's own probe saw it on one day (TTL). */
export const availability = (day: string) => ({ pk: 'AVAIL', sk: `DAY#${day}` });
export const seed = (name: string) => ({ pk: 'SEED', sk: name });
export const application = (receiptNumber: string) => ({ pk: `APP#${receiptNumber}`, sk: 'APP' });
/** The identity is hashed: a key carries no identity document number. */
export const applicantReceipt = (
  agencyId: string,
  identityHash: string,
  receiptDate: string,
  receiptNumber: string,
) => ({
  pk: `APPLICANT#${agencyId}#${identityHash}`,
  sk: `${receiptDate}#${receiptNumber}`,
});
export const migrations = () => ({ pk: 'DESIGN', sk: 'MIGRATIONS' });
/** A published item's place in the county listing (the renderer's to take and give up). */
export const countyPosition = (id: string) => ({ pk: `PUB#${id}`, sk: 'COUNTY' });
/** Its place in its agency's or a category's listing (the renderer's too). */
export const listingPlace = (id: string, listing: string) => ({ pk: `PUB#${id}`, sk: `PLACE#${listing}` });
/** The one outstanding link to a new query code (找回查询码), until used or expired. */
export const codeRecovery = (receiptNumber: string) => ({ pk: `APP#${receiptNumber}`, sk: 'RECOVERY' });
export const applicationEvent = (receiptNumber: string, at: string, n: number) => ({
  pk: `APP#${receiptNumber}`,
  sk: `EVENT#${at}#${n}`,
});
export const agencyApplicationList = (agencyId: string) => ({ gsi1pk: `AGENCY#${agencyId}#APPS` });
export const agencyApplications = (agencyId: string, receiptDate: string, receiptNumber: string) => ({
  gsi1pk: `AGENCY#${agencyId}#APPS`,
  gsi1sk: `${receiptDate}#${receiptNumber}`,
});
/**
 * The queue's three orderings of one application, all by the reply deadline stored at write time
 * (`~` sorts after every date: no deadline yet, or ended). `-` is the unassigned.
 */
export const queue = (
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
};
/** A case file (答辩证据) taken of the application: who, when, and the archive's hash. */
export const caseFileExport = (receiptNumber: string, at: string, id: string) => ({
  pk: `APP#${receiptNumber}`,
  sk: `EXPORT#${at}#${id}`,
});
export const applicationLetter = (receiptNumber: string, version: number) => ({
  pk: `APP#${receiptNumber}`,
  sk: `LETTER#${String(version).padStart(6, '0')}`,
});
export const openApplication = (receiptNumber: string) => ({ pk: 'OPEN', sk: receiptNumber });
/** The sweep's agenda: open applications by the day the sweep next has something to do (sparse). */
export const sweepAgenda = (sweepOn: string, receiptNumber: string) => ({
  gsi1pk: 'SWEEP',
  gsi1sk: `${sweepOn}#${receiptNumber}`,
});
export const openApplications = () => ({ pk: 'OPEN' });
export const letterSequence = (agencyId: string, kind: string, year: number) => ({
  pk: `AGENCY#${agencyId}`,
  sk: `SEQ#LETTER#${kind}#${year}`,
});
export const outbox = (agencyId: string, at: string, receiptNumber: string, version: number) => ({
  pk: `AGENCY#${agencyId}`,
  sk: `OUTBOX#${at}#${receiptNumber}#${version}`,
});
/** Mail not yet delivered (pending, or failed before), across agencies: the sweep retries from it (sparse). */
export const mailPending = (at: string, agencyId: string, receiptNumber: string, version: number) => ({
  gsi1pk: 'MAILPENDING',
  gsi1sk: `${at}#${agencyId}#${receiptNumber}#${version}`,
});
export const outboxPrefix = (agencyId: string) => ({ pk: `AGENCY#${agencyId}`, skPrefix: 'OUTBOX#' });
export const sequence = (agencyId: string, year: number) => ({ pk: `AGENCY#${agencyId}`, sk: `SEQ#APP#${year}` });
export const carriedClaim = (agencyId: string, oldNumber: string) => ({
  pk: `AGENCY#${agencyId}`,
  sk: `CARRIED#${oldNumber}`,
});
export const stats = (agencyId: string, year: number) => ({ pk: `AGENCY#${agencyId}`, sk: `STATS#${year}` });
/** The counters of the agencies directly under `parentId`, added up: one of its shards (each agency always adds to the same one). */
export const statsUnder = (parentId: string, year: number, shard: number) => ({
  pk: `AGENCY#${parentId}`,
  sk: `STATSUNDER#${year}#${shard}`,
});
export const idempotency = (keyHash: string) => ({ pk: `IDEMP#${keyHash}`, sk: 'IDEMP' });
export const calendarYear = (year: number) => ({ pk: 'CALENDAR', sk: `YEAR#${year}` });
export const calendarVersion = (year: number, version: number) => ({
  pk: 'CALENDAR',
  sk: `YEAR#${year}#V${String(version).padStart(4, '0')}`,
});
export const publication = (id: string) => ({ pk: `PUB#${id}`, sk: 'ITEM' });
export const publicationEvent = (id: string, at: string, version: number) => ({
  pk: `PUB#${id}`,
  sk: `EVENT#${at}#${version}`,
});
export const publicationVersion = (id: string, revision: number) => ({
  pk: `PUB#${id}`,
  sk: `VERSION#${String(revision).padStart(4, '0')}`,
});
export const agencyPublications = (agencyId: string, at: string, id: string) => ({
  gsi1pk: `AGENCY#${agencyId}#PUBS`,
  gsi1sk: `${at}#${id}`,
});
export const agencyPublicationList = (agencyId: string) => ({ gsi1pk: `AGENCY#${agencyId}#PUBS` });
/** A publication with a 个人信息检查 finding no reviewer has acknowledged (sparse: the item leaves when none is open). */
export const privacyOpen = (agencyId: string, at: string, id: string) => ({
  gsi2pk: `PRIVACY#${agencyId}`,
  gsi2sk: `${at}#${id}`,
  gsi3pk: 'PRIVACY',
  gsi3sk: `${at}#${id}`,
});
export const agencyPrivacyList = (agencyId: string) => ({ gsi2pk: `PRIVACY#${agencyId}` });
export const countyPrivacyList = () => ({ gsi3pk: 'PRIVACY' });
export const privacySweep = () => ({ pk: 'PRIVACY', sk: 'SWEEP' });
/** An import of history (a batch of catalogue rows) and its rows, in order of their 发布日期. */
export const importBatch = (id: string) => ({ pk: `IMPORT#${id}`, sk: 'BATCH' });
export const importRow = (batchId: string, publishedOn: string, rowId: string) => ({
  pk: `IMPORT#${batchId}`,
  sk: `ROW#${publishedOn}#${rowId}`,
});
/** What the import job gave a slice of a batch's rows (索引号, listing places), kept with the batch. */
export const importPlan = (batchId: string, slice: string) => ({ pk: `IMPORT#${batchId}`, sk: `PLAN#${slice}` });
export const agencyImports = (agencyId: string, at: string, id: string) => ({
  gsi1pk: `AGENCY#${agencyId}#IMPORTS`,
  gsi1sk: `${at}#${id}`,
});
export const agencyImportList = (agencyId: string) => ({ gsi1pk: `AGENCY#${agencyId}#IMPORTS` });
/** Which batch staged a catalogue row: the same row sent again, to any batch, is staged once. */
export const importRowClaim = (agencyId: string, rowId: string) => ({ pk: `AGENCY#${agencyId}#IMPORTROWS`, sk: rowId });
/** The category each of the agency's old catalogue values stands for, as its office chose. */
export const importCategoryMap = (agencyId: string) => ({ pk: `AGENCY#${agencyId}`, sk: 'IMPORT#CATEGORIES' });
/** A 索引号 held by one item of its agency. */
export const indexClaim = (agencyId: string, indexNumber: string) => ({ pk: `INDEXNO#${agencyId}`, sk: indexNumber });
/** A listing's entries published on the platform (not imported history): what feeds and homes show as new. */
export const listingFresh = (listing: string, seq: number) => ({
  gsi1pk: `LIST#${listing}#NEW`,
  gsi1sk: `E#${String(seq).padStart(8, '0')}`,
});
export const listingEntry = (listing: string, seq: number) => ({
  pk: `LIST#${listing}`,
  sk: `E#${String(seq).padStart(8, '0')}`,
});
export const listingSequence = (listing: string) => ({ pk: `LIST#${listing}`, sk: 'SEQ' });
export const indexSequence = (agencyId: string, year: number) => ({
  pk: `AGENCY#${agencyId}`,
  sk: `SEQ#INDEX#${year}`,
});
export const agencyPage = (agencyId: string, page: string) => ({ pk: `AGENCY#${agencyId}`, sk: `PAGE#${page}` });
export const renderTask = (at: string, id: string) => ({ pk: 'RENDER', sk: `TASK#${at}#${id}` });
export const renderLock = () => ({ pk: 'RENDER', sk: 'LOCK' });
export const siteConfig = () => ({ pk: 'CONFIG', sk: 'SITE' });
export const searchDelta = () => ({ pk: 'SEARCH', sk: 'DELTA' });
export const job = (id: string) => ({ pk: `JOB#${id}`, sk: 'JOB' });
export const jobTurn = (at: string, id: string) => ({ pk: 'JOBQUEUE', sk: `${at}#${id}` });
/** Held by the one job of a kind an agency has queued or running (job ids have no `@`). */
export const jobClaim = (kind: string, agencyId: string) => ({ pk: `JOB#${kind}@${agencyId}`, sk: 'RUNNING' });
export const latenessPending = (year: number, id: string) => ({ pk: 'LATENESS', sk: `${year}#${id}` });
export const report = (agencyId: string, year: number) => ({ pk: `AGENCY#${agencyId}`, sk: `REPORT#${year}` });
/** A government's sum of its year's reports (its own and those directly under it): one shard of the cells. */
export const reportSum = (agencyId: string, year: number, shard: number) => ({
  pk: `AGENCY#${agencyId}`,
  sk: `REPORTSUM#${year}#${shard}`,
});
export const reportSumPrefix = (agencyId: string, year: number) => ({
  pk: `AGENCY#${agencyId}`,
  skPrefix: `REPORTSUM#${year}#`,
});
/** An agency's place on the sweep's agenda of report reminders: the day the sweep next looks at its reports. */
export const reportReminder = (agencyId: string, on: string) => ({
  pk: `AGENCY#${agencyId}`,
  sk: 'REMIND',
  gsi1pk: 'REMIND',
  gsi1sk: `${on}#${agencyId}`,
});
export const reminderAgenda = () => ({ gsi1pk: 'REMIND' });
export const reportLog = (agencyId: string, year: number, at: string, version: number) => ({
  pk: `AGENCY#${agencyId}`,
  sk: `REPORTLOG#${year}#${at}#${version}`,
});
export const reportLogPrefix = (agencyId: string, year: number) => ({
  pk: `AGENCY#${agencyId}`,
  skPrefix: `REPORTLOG#${year}#`,
});
/** A 复议/诉讼 case of an application (`keys.case`: `case` is a reserved word in a declaration). */
const caseKey = (receiptNumber: string, id: string) => ({ pk: `APP#${receiptNumber}`, sk: `CASE#${id}` });
export const caseEvent = (receiptNumber: string, at: string, id: string) => ({
  pk: `APP#${receiptNumber}`,
  sk: `EVENT#${at}#case-${id}`,
});
export const agencyCases = (agencyId: string, filedOn: string, id: string) => ({
  gsi1pk: `AGENCY#${agencyId}#CASES`,
  gsi1sk: `${filedOn}#${id}`,
});
export const agencyCaseList = (agencyId: string) => ({ gsi1pk: `AGENCY#${agencyId}#CASES` });
export const agencyCode = (code: string) => ({ pk: `AGENCYCODE#${code}`, sk: 'CODE' });
/** The prefix of an agency's letter numbers (露政公), held by that agency alone: its numbers are its own. */
export const letterPrefix = (prefix: string) => ({ pk: `LETTERPREFIX#${prefix}`, sk: 'PREFIX' });
export const adminLog = (at: string, id: string) => ({ pk: 'ADMINLOG', sk: `${at}#${id}` });
export const adminLogList = () => ({ pk: 'ADMINLOG' });
export const agencyAdminLog = (agencyId: string, at: string, id: string) => ({
  gsi1pk: `AGENCY#${agencyId}#ADMINLOG`,
  gsi1sk: `${at}#${id}`,
});
export const agencyAdminLogList = (agencyId: string) => ({ gsi1pk: `AGENCY#${agencyId}#ADMINLOG` });
export const signIn = (username: string, at: string) => ({ pk: `SIGNIN#${username}`, sk: `AT#${at}` });
export const signIns = (username: string) => ({ pk: `SIGNIN#${username}`, skPrefix: 'AT#' });
export const lastSignIn = (username: string) => ({ pk: `SIGNIN#${username}`, sk: 'LAST' });
export const credential = (username: string) => ({ pk: `CREDENTIAL#${username}`, sk: 'CREDENTIAL' });
/** A dynamic code's time step, once an account has signed in with it: a code is taken once. */
export const totpUsed = (username: string, step: number) => ({ pk: `CREDENTIAL#${username}`, sk: `TOTP#${step}` });
/** A sign-in (by its auth_time) ended by signing out: its tokens are refused from then on. */
export const endedSignIn = (username: string, authTime: string) => ({
  pk: `SIGNIN#${username}`,
  sk: `ENDED#${authTime}`,
});
/** The sign-in's counts of attempts (keyed by the username as typed, whether or not it exists). */
export const guardAccount = (username: string) => ({ pk: `GUARD#ACCOUNT#${username}`, sk: 'ALL' });
export const guardAccountFrom = (username: string, source: string) => ({
  pk: `GUARD#ACCOUNT#${username}`,
  sk: `FROM#${source}`,
});
export const guardSource = (source: string) => ({ pk: `GUARD#SOURCE#${source}`, sk: 'ALL' });
export const oidcKeys = () => ({ pk: 'KEYS#OIDC', sk: 'KEYS' });
export const formKey = () => ({ pk: 'KEYS#FORM', sk: 'KEYS' });
export const formDraft = (id: string) => ({ pk: `DRAFT#${id}`, sk: 'DRAFT' });
export const oidc = (model: string, id: string) => ({ pk: `OIDC#${model}#${id}`, sk: 'OIDC' });
export const oidcBy = (kind: 'uid' | 'userCode' | 'grant', value: string) => ({ gsi1pk: `OIDCBY#${kind}#${value}` });
export const siteChanges = (at: string, id: string) => ({ pk: 'SITECHANGES', sk: `${at}#${id}` });
export const inspectionState = () => ({ pk: 'INSPECT', sk: 'STATE' });
export const inspectionRun = (ranAt: string) => ({ pk: 'INSPECT', sk: `RUN#${ranAt}` });
export const inspectionSettings = () => ({ pk: 'INSPECT', sk: 'SETTINGS' });
export const inspectionFindings = (ranAt: string, agencyId: string) => ({
  pk: 'INSPECT',
  sk: `FINDINGS#${ranAt}#${agencyId}`,
});
export const inspectionRecords = (agencyId: string) => ({ pk: 'INSPECT', sk: `REC#${agencyId}` });
export const inspectionAgencyFindings = (agencyId: string, since: string) => ({
  pk: 'INSPECT',
  sk: `AGENCY#${agencyId}#${since}`,
});
export const inspectionUnder = (parentId: string, since: string) => ({
  pk: 'INSPECT',
  sk: `UNDER#${parentId}#${since}`,
});
export const inspectionGone = (parentId: string, agencyId: string) => ({
  pk: 'INSPECT',
  sk: `GONE#${parentId}#${agencyId}`,
});
export const inspectionDue = (date: string, agencyId: string) => ({ pk: 'INSPECT', sk: `DUE#${date}#${agencyId}` });
export const inspectionTotals = () => ({ pk: 'INSPECT', sk: 'TOTALS' });
export const sitePage = (key: string) => ({ pk: `SITEPAGE#${key}`, sk: 'PAGE' });
export const pageFindings = (agencyId: string) => ({ gsi1pk: `INSPECT#${agencyId}` });
export const linkTo = (target: string, source: string) => ({ pk: `LINKTO#${target}`, sk: source });
/** An external link's record, on the agenda of checks by its next check (`core/external-links.ts`). */
export const externalLink = (hash: string) => ({ pk: `LINK#${hash}`, sk: 'LINK' });
export const linkAgenda = (nextCheck = '', hash = '') => ({ gsi1pk: 'LINKDUE', gsi1sk: `${nextCheck}#${hash}` });
export const externalLinkFrom = (hash: string, page: string) => ({ pk: `LINK#${hash}`, sk: `FROM#${page}` });
/** A page's link to a dead external address, listed while the link is dead (sparse: as many as are dead, by agency). */
export const deadLink = (agencyId = '', page = '', hash = '') => ({
  gsi1pk: 'DEADLINKS',
  gsi1sk: `${agencyId}#${page}#${hash}`,
});
export const pageExternalLinks = (page: string) => ({ pk: `SITEPAGE#${page}`, sk: 'EXTLINKS' });
export const attachmentLinks = (attachmentId: string) => ({ pk: `ATTLINKS#${attachmentId}`, sk: 'LINKS' });
/** A redaction of one file (an answer's or an attachment's): its marks, state, verification and result. */
export const redaction = (id: string) => ({ pk: `REDACTION#${id}`, sk: 'REDACTION' });
/** Its audit: who created, marked (grounds, reasons, counts; never the words), produced, applied. */
export const redactionEvent = (id: string, at: string, n: number) => ({
  pk: `REDACTION#${id}`,
  sk: `EVENT#${at}#${n}`,
});
/** The pending upload a redaction's produced file became: the answer that gives it records the grounds. */
export const redactedUpload = (uploadId: string) => ({ pk: `REDACTED#${uploadId}`, sk: 'UPLOAD' });
export const rate = (scope: string, id: string, window: number) => ({ pk: `RATE#${scope}#${id}`, sk: String(window) });
export { caseKey as case };
