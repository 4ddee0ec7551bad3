/**
 * The single table's physical design, read by both the CDK stack and the local stack so the two
 * cannot disagree. Access patterns (add a row before adding a key shape to keys.ts):
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
