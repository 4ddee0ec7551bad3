/**
 * Every route of the route table, called once with a valid request through the local gateway, under
 * the real grants (the gateway holds each function to its table partitions as IAM does), answers
 * its success: a 2xx, or what the route declares (the site's 404 page, a redirect), a redirect's
 * target answering 2xx. The route a request reached and its status are taken from the platform's
 * own access log, and the routes so witnessed must be the whole table: a new route that no valid
 * request here answers with success fails the last test. Routes whose request needs a record (an
 * application in a state, a draft, a batch, an account) get a setup below, by operationId.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKey, routes, type RouteSpec } from '#routes';
import { checkedAnswerFiles, personApplication, submit } from '../support/applications.ts';
import { captureLogs } from '../support/logs.ts';
import { signIn, startTestPlatform } from '../support/platform.ts';
import { publicationContent } from '../support/publications.ts';
import { caller, pdfOf, produced, uploadFile } from '../support/redactions.ts';

type Route = (typeof routes)[number];
type OperationId = Route['operationId'];

/** How one route is called; each part defaults to what the route table says. */
interface Call {
  /** Who calls a staff route; default: the town's (露水河镇) member of staff in a role the route allows, a handler if it may. */
  user?: string;
  /** The concrete path; default: the route's, its parameters from `constants`. */
  path?: string;
  /** A JSON body; default: the route's example. */
  body?: unknown;
  /** A form post (the no-script pages) instead of JSON. */
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
const logs = captureLogs();
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  logs.restore();
  await platform?.stop();
});

const tokens = new Map<string, Promise<string>>();
const tokenOf = (user: string) => {
  if (!tokens.has(user)) tokens.set(user, signIn(platform.url, user));
  return tokens.get(user)!;
};

/** A staff request a setup makes; anything but a 2xx stops the test, saying what failed. */
async function staff(user: string, method: string, path: string, body?: unknown): Promise<Record<string, any>> {
  const response = await fetch(`${platform.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await tokenOf(user)}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`setup ${method} ${path} as ${user}: ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : {};
}

const once = <T>(make: () => Promise<T>) => {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
};

/** A new application to 露水河镇: its number and query code. */
async function submitted() {
  const { status, body } = await submit(platform.url, personApplication());
  if (status !== 201) throw new Error(`setup submit: ${status} ${JSON.stringify(body)}`);
  return { n: body.receiptNumber as string, code: body.queryCode as string };
}

/** A new application the handler has asked to correct (补正). */
async function awaitingCorrection() {
  const application = await submitted();
  await staff('lsh-handler', 'POST', `/api/staff/applications/${application.n}/actions`, {
    version: 1,
    action: { type: 'requestCorrection', items: ['请明确所需信息的形成年度'], periodDays: 10 },
  });
  return application;
}

/** An application answered in part with a file the handler uploaded: its letters and the file. */
const answered = once(async () => {
  const { n, code } = await submitted();
  const confirmed = await staff('lsh-handler', 'POST', `/api/staff/applications/${n}/actions`, {
    version: 1,
    action: { type: 'confirmReceipt' },
  });
  const policy = await staff('lsh-handler', 'POST', '/api/staff/uploads', {
    fileName: '执行情况报告（删除个人信息）.pdf',
    contentType: 'application/pdf',
    size: 16,
  });
  const form = new FormData();
  for (const [name, value] of Object.entries(policy.fields as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([new TextEncoder().encode('%PDF-1.7\n%redact\n')], { type: 'application/pdf' }));
  const stored = await fetch(policy.url, { method: 'POST', body: form });
  if (stored.status >= 300) throw new Error(`setup upload: ${stored.status}`);
  await staff('lsh-handler', 'POST', `/api/staff/applications/${n}/actions`, {
    version: confirmed.version,
    action: {
      type: 'answer',
      outcome: 'partial',
      basis: '《中华人民共和国政府信息公开条例》第三十七条',
      ...(await checkedAnswerFiles(platform.url, await tokenOf('lsh-handler'), n, [policy.uploadId])),
    },
  });
  const view = (await (
    await fetch(`${platform.url}/api/applications/${n}`, { headers: { 'x-query-code': code } })
  ).json()) as { receiptDate: string; letters: { version: number }[]; files: { id: string }[] };
  return { n, code, receiptDate: view.receiptDate, letter: view.letters.at(-1)!.version, file: view.files[0]!.id };
});

/** A file the handler uploaded to give with an answer (not yet linked): its upload id. */
async function disclosureUpload() {
  const policy = await staff('lsh-handler', 'POST', '/api/staff/uploads', {
    fileName: '答复提供的文件.pdf',
    contentType: 'application/pdf',
    size: 16,
  });
  const form = new FormData();
  for (const [name, value] of Object.entries(policy.fields as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([new TextEncoder().encode('%PDF-1.7\n%answer\n')], { type: 'application/pdf' }));
  const stored = await fetch(policy.url, { method: 'POST', body: form });
  if (stored.status >= 300) throw new Error(`setup upload: ${stored.status}`);
  return policy.uploadId as string;
}

/** A redaction (部分公开) of a real PDF the handler uploaded for an answer, as created, with the marks to give it. */
async function redaction() {
  const call = caller(platform.url, await tokenOf('lsh-handler'));
  const upload = await uploadFile(
    call,
    '租赁合同.pdf',
    await pdfOf(['Lease of the town market stall.', 'Tenant ID 11010519491231002X.', 'The rent is paid yearly.']),
  );
  const source = { kind: 'answer', receiptNumber: (await submitted()).n, upload };
  const marks = [{ kind: 'text', text: '11010519491231002X', ground: '15', reason: '第三人的身份证号码' }];
  const created = await staff('lsh-handler', 'POST', '/api/staff/redactions', { source });
  return { id: created.id as string, version: created.version as number, source, marks, call };
}

/** A redaction marked and produced (its job ended, its verification passed). */
async function producedRedaction() {
  const { id, version, marks, call } = await redaction();
  await staff('lsh-handler', 'PUT', `/api/staff/redactions/${id}/marks`, { version, marks });
  await staff('lsh-handler', 'POST', `/api/staff/redactions/${id}/produce`, { version: version + 1 });
  const done = await produced(call, id);
  if (done.state !== 'ready') throw new Error(`setup redaction: ${done.state} ${JSON.stringify(done.failed)}`);
  return { id, version: done.version as number };
}

/** The status pages' cookie, as a browser gets it by querying with the number and code. */
async function statusCookie(n: string, code: string) {
  const queried = await fetch(`${platform.url}/apply/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ receiptNumber: n, queryCode: code }).toString(),
    redirect: 'manual',
  });
  return queried.headers.get('set-cookie')!.split(';')[0]!;
}

/** A 找回查询码 link, as the applicant's mailbox receives it (the outbox: mail is not delivered here). */
async function recoveryLink() {
  const { n } = await submitted();
  const asked = await fetch(`${platform.url}/apply/recover`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ receiptNumber: n, email: 'liming@example.com' }).toString(),
    redirect: 'manual',
  });
  if (asked.status !== 303) throw new Error(`setup recovery: ${asked.status}`);
  const { db } = await import('#lib/dynamo.ts');
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: platform.names.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :outbox)',
      ExpressionAttributeValues: { ':pk': 'AGENCY#lushuihe', ':outbox': 'OUTBOX#' },
    }),
  );
  const mail = Items.find((m) => m.receiptNumber === n && String(m.subject).startsWith('重新获取查询码'));
  return new URL(/http:\/\/\S+\/apply\/recover\/\S+/.exec(String(mail?.text))![0]).pathname;
}

/** A new draft publication of 露水河镇. */
async function draft(content = publicationContent()) {
  const created = await staff('lsh-handler', 'POST', '/api/staff/publications', content);
  return { id: created.id as string, version: created.version as number };
}

/** A staged batch of the old catalogue (one row), not yet submitted. */
async function stagedBatch(title: string) {
  const staged = await staff('lsh-handler', 'POST', '/api/staff/imports/publications', {
    dryRun: false,
    rows: [{ ...catalogueRow(), title }],
  });
  return { id: staged.batch.id as string, version: staged.batch.version as number };
}

/** The route's example row, without the attachment it names (no such file was uploaded). */
const catalogueRow = () => {
  const { attachments: _, ...row } = (example('importPublications') as { rows: Record<string, unknown>[] }).rows[0]!;
  return row;
};

/** A new account of 露水河镇 (the county administrator creates it). */
async function account(username: string) {
  const created = await staff('fs-admin', 'POST', '/api/staff/users', {
    username,
    name: '马丽',
    email: `${username}@fusong.example`,
    agencyId: 'lushuihe',
    roles: ['handler'],
  });
  return created.user as { username: string; version: number };
}

const routeOf = (operationId: OperationId) =>
  (routes as readonly RouteSpec[]).find((r) => r.operationId === operationId)!;
const example = (operationId: OperationId) => routeOf(operationId).example;

/** Path parameters that name no record of their own. */
const constants: Record<string, string> = { agencyId: 'lushuihe', year: '2025', page: 'guide', mode: 'elder' };

/** The routes whose valid request needs more than the route table gives. */
const setups: Partial<Record<OperationId, () => Promise<Call>>> = {
  submitApplication: async () => ({ body: personApplication() }),
  getApplication: async () => {
    const { n, code } = await submitted();
    return { path: `/api/applications/${n}`, headers: { 'x-query-code': code } };
  },
  submitCorrection: async () => {
    const { n, code } = await awaitingCorrection();
    return { path: `/api/applications/${n}/correction`, headers: { 'x-query-code': code } };
  },
  applicantLetter: async () => {
    const { n, code, letter } = await answered();
    return { path: `/api/applications/${n}/letters/${letter}`, headers: { 'x-query-code': code } };
  },
  applicantFile: async () => {
    const { n, code, file } = await answered();
    return { path: `/api/applications/${n}/files/${file}`, headers: { 'x-query-code': code } };
  },
  receiptPage: async () => {
    const { n, code } = await submitted();
    return { path: `/apply/receipt/${n}`, headers: { cookie: `gk_receipt=${n}.${code.replace('-', '')}` } };
  },
  siteNotFound: async () => ({ path: '/api/site/not-found/lushuihe/no-such-page.html' }),
  modeSheet: async () => ({ path: '/api/site/mode-sheet/assets/mode.css' }),
  statusPage: async () => {
    const { n, code } = await submitted();
    return { form: { receiptNumber: n, queryCode: code } };
  },
  recoverRequest: async () => ({ form: { receiptNumber: (await submitted()).n, email: 'liming@example.com' } }),
  recoverLinkPage: async () => ({ path: await recoveryLink() }),
  recoverUse: async () => ({ path: await recoveryLink(), form: {} }),
  correctionPage: async () => {
    const { n, code } = await awaitingCorrection();
    return { form: { receiptNumber: n, queryCode: code, text: '所需信息为 2025 年度的明细。' } };
  },
  statusView: async () => {
    const { n, code } = await answered();
    return { path: `/apply/status/${n}`, headers: { cookie: await statusCookie(n, code) } };
  },
  letterPage: async () => {
    const { n, code, letter } = await answered();
    return { path: `/apply/status/${n}/letters/${letter}`, headers: { cookie: await statusCookie(n, code) } };
  },
  letterPdfPage: async () => {
    const { n, code, letter } = await answered();
    return {
      path: `/apply/status/${n}/letters/${letter}/letter.pdf`,
      headers: { cookie: await statusCookie(n, code) },
    };
  },
  filePage: async () => {
    const { n, code, file } = await answered();
    return { path: `/apply/status/${n}/files/${file}`, headers: { cookie: await statusCookie(n, code) } };
  },
  applicationDetail: async () => ({ path: `/api/staff/applications/${(await submitted()).n}` }),
  startFileCheck: async () => ({
    path: `/api/staff/applications/${(await submitted()).n}/file-checks`,
    body: { files: [await disclosureUpload()] },
  }),
  fileCheck: async () => {
    const { n } = await submitted();
    const check = await staff('lsh-handler', 'POST', `/api/staff/applications/${n}/file-checks`, {
      files: [await disclosureUpload()],
    });
    return { path: `/api/staff/applications/${n}/file-checks/${check.id}` };
  },
  applicationFile: async () => {
    const { n, file } = await answered();
    return { path: `/api/staff/applications/${n}/files/${file}` };
  },
  staffLetter: async () => {
    const { n, letter } = await answered();
    return { path: `/api/staff/applications/${n}/letters/${letter}` };
  },
  recordLetterService: async () => {
    const n = (await submit(platform.url, personApplication())).body.receiptNumber;
    const confirmed = await staff('lsh-handler', 'POST', `/api/staff/applications/${n}/actions`, {
      version: 1,
      action: { type: 'confirmReceipt' },
    });
    return {
      path: `/api/staff/applications/${n}/letters/${confirmed.letter.version}/service`,
      body: {
        version: confirmed.version,
        method: 'person',
        on: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), // Beijing's today
        note: '申请人到窗口领取',
      },
    };
  },
  caseFile: async () => ({ path: `/api/staff/applications/${(await answered()).n}/case-file`, user: 'lsh-reviewer' }),
  staffLetterPdf: async () => {
    const { n, letter } = await answered();
    return { path: `/api/staff/applications/${n}/letters/${letter}/letter.pdf` };
  },
  feePreview: async () => ({
    path: `/api/staff/applications/${(await submitted()).n}/fee?scheme=perPage&quantity=120`,
  }),
  saveLetterSettings: async () => {
    const { version } = await staff('lsh-admin', 'GET', '/api/staff/agency/letters');
    return { user: 'lsh-admin', body: { ...(example('saveLetterSettings') as object), version } };
  },
  takeAction: async () => ({ path: `/api/staff/applications/${(await submitted()).n}/actions` }),
  reissueQueryCode: async () => ({ path: `/api/staff/applications/${(await submitted()).n}/query-code` }),
  saveCalendarYear: async () => {
    const { schedules } = await staff('fs-admin', 'GET', '/api/staff/calendar');
    const version = schedules.find((s: { year: number }) => s.year === 2027)?.version ?? 0;
    return {
      user: 'fs-admin',
      path: '/api/staff/calendar/2027',
      body: { ...(example('saveCalendarYear') as object), version },
    };
  },
  createPublication: async () => ({ body: publicationContent() }),
  publicationDetail: async () => ({ path: `/api/staff/publications/${(await draft()).id}` }),
  publicationStep: async () => {
    const { id, version } = await draft();
    return { path: `/api/staff/publications/${id}/actions`, body: { version, action: { type: 'submit' } } };
  },
  publicationAttachment: async () => {
    const policy = await staff('lsh-handler', 'POST', '/api/staff/publications/uploads', {
      fileName: '预算表.pdf',
      contentType: 'application/pdf',
      size: 16,
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(policy.fields as Record<string, string>)) form.append(name, value);
    form.append('file', new Blob([new TextEncoder().encode('%PDF-1.7\n%budget\n')], { type: 'application/pdf' }));
    await fetch(policy.url, { method: 'POST', body: form });
    const { id } = await draft(publicationContent({ attachments: [policy.uploadId] }));
    const detail = await staff('lsh-handler', 'GET', `/api/staff/publications/${id}`);
    const [attachment] = detail.item.content.attachments as { id: string }[];
    return { path: `/api/staff/publications/${id}/attachments/${attachment!.id}` };
  },
  saveColumnPage: async () => {
    const { version } = await staff('lsh-admin', 'GET', '/api/staff/site/pages/guide');
    return { user: 'lsh-admin', body: { ...(example('saveColumnPage') as object), version } };
  },
  savePublishingSettings: async () => {
    const { version } = await staff('lsh-admin', 'GET', '/api/staff/agency/publishing');
    return { user: 'lsh-admin', body: { ...(example('savePublishingSettings') as object), version } };
  },
  rebuildSite: async () => ({ user: 'fs-admin' }),
  saveAnnualReport: async () => {
    const { version } = await staff('lsh-handler', 'GET', '/api/reports/lushuihe/2025');
    return { body: { ...(example('saveAnnualReport') as object), version } };
  },
  annualReportStep: async () => {
    // The 2024 report, its entries complete: submitted for review.
    const entries = example('saveAnnualReport') as { sections: object; figures: object };
    const { version } = await staff('lsh-handler', 'GET', '/api/reports/lushuihe/2024');
    const saved = await staff('lsh-handler', 'PUT', '/api/reports/lushuihe/2024', {
      ...entries,
      sections: {
        ...entries.sections,
        五: '一是政策解读形式较为单一，二是专栏栏目更新不够及时。下一步将丰富解读形式，按时更新栏目。',
      },
      figures: {
        ...entries.figures,
        '行政处罚:本年处理决定数量': { value: 3, source: '镇综合行政执法队台账' },
        '行政强制:本年处理决定数量': { value: 0, source: '镇综合行政执法队台账' },
      },
      version,
    });
    return { path: '/api/reports/lushuihe/2024/actions', body: { version: saved.version, action: { type: 'submit' } } };
  },
  importArchivedReport: async () => ({ user: 'fs-admin', path: '/api/reports/lushuihe/2015/archive' }),
  importArchivedReports: async () => ({ user: 'fs-admin' }),
  withdrawArchivedReport: async () => {
    await staff('fs-admin', 'POST', '/api/reports/lushuihe/2016/archive', {
      ...(example('importArchivedReport') as object),
      title: '露水河镇人民政府2016年政府信息公开工作年度报告',
      publishedOn: '2017-03-20',
    });
    return { user: 'fs-admin', path: '/api/reports/lushuihe/2016/archive' };
  },
  countyReportOverview: async () => ({ user: 'fs-handler' }),
  listCases: async () => ({ path: `/api/staff/applications/${(await answered()).n}/cases` }),
  recordCase: async () => {
    const { n, receiptDate } = await answered();
    return {
      path: `/api/staff/applications/${n}/cases`,
      body: { ...(example('recordCase') as object), filedOn: receiptDate },
    };
  },
  updateCase: async () => {
    const { n, receiptDate } = await answered();
    // A suit (recordCase's call records the reconsideration filed that day).
    const filed = {
      ...(example('recordCase') as object),
      group: 'suitDirect',
      body: '抚松县人民法院',
      filedOn: receiptDate,
    };
    const recorded = await staff('lsh-handler', 'POST', `/api/staff/applications/${n}/cases`, filed);
    return {
      path: `/api/staff/applications/${n}/cases/${recorded.id}`,
      body: { ...filed, result: 'upheld', decidedOn: receiptDate, version: recorded.version },
    };
  },
  recountReports: async () => ({ user: 'fs-admin' }),
  followJob: async () => {
    // The recount recountReports's call started, or one like it (a second with other parameters waits for it).
    const job = await staff('fs-admin', 'POST', '/api/reports/recount', example('recountReports'));
    return { user: 'fs-admin', path: `/api/staff/jobs/${job.id}` };
  },
  runInspection: async () => ({ user: 'fs-admin' }),
  saveInspectionSettings: async () => {
    const { version } = await staff('fs-admin', 'GET', '/api/staff/inspection/settings');
    return { user: 'fs-admin', body: { ...(example('saveInspectionSettings') as object), version } };
  },
  importPublications: async () => ({ body: { dryRun: true, rows: [catalogueRow()] } }),
  importBatchDetail: async () => ({
    path: `/api/staff/imports/publications/${(await stagedBatch('露水河镇2017年财政预算公开（批次详情）')).id}`,
  }),
  importBatchStep: async () => {
    const { id, version } = await stagedBatch('露水河镇2017年财政预算公开（提交审核）');
    return { path: `/api/staff/imports/publications/${id}/actions`, body: { version, action: { type: 'submit' } } };
  },
  createRedaction: async () => ({ body: { source: (await redaction()).source } }),
  getRedaction: async () => ({ path: `/api/staff/redactions/${(await redaction()).id}` }),
  saveRedactionMarks: async () => {
    const { id, version, marks } = await redaction();
    return { path: `/api/staff/redactions/${id}/marks`, body: { version, marks } };
  },
  redactionPage: async () => ({ path: `/api/staff/redactions/${(await redaction()).id}/pages/1/page.png` }),
  produceRedaction: async () => {
    const { id, version, marks } = await redaction();
    const marked = await staff('lsh-handler', 'PUT', `/api/staff/redactions/${id}/marks`, { version, marks });
    return { path: `/api/staff/redactions/${id}/produce`, body: { version: marked.version } };
  },
  redactionResult: async () => ({ path: `/api/staff/redactions/${(await producedRedaction()).id}/result` }),
  applyRedaction: async () => {
    const { id, version } = await producedRedaction();
    return { path: `/api/staff/redactions/${id}/apply`, body: { version } };
  },
  createAgency: async () => ({ user: 'fs-admin' }),
  updateAgency: async () => {
    // An agency of its own (createAgency's call makes the example's).
    const { id: _, ...example } = routeOf('createAgency').example as Record<string, unknown>;
    const fields = { ...example, name: '松江河镇人民政府', shortName: '松江河镇', code: 'SJH' };
    const created = await staff('fs-admin', 'POST', '/api/staff/agencies', { ...fields, id: 'songjianghe' });
    return {
      user: 'fs-admin',
      path: '/api/staff/agencies/songjianghe',
      body: { ...fields, active: true, version: created.agency.version },
    };
  },
  createUser: async () => ({ user: 'fs-admin', body: { ...(example('createUser') as object), agencyId: 'lushuihe' } }),
  getUser: async () => ({ path: '/api/staff/users/lsh-handler' }),
  updateUser: async () => {
    const { username, version } = await account('lsh-updated');
    return { path: `/api/staff/users/${username}`, body: { ...(example('updateUser') as object), version } };
  },
  resetPassword: async () => ({ path: `/api/staff/users/${(await account('lsh-forgetful')).username}/password` }),
  clearSignInLimits: async () => ({ path: '/api/staff/users/lsh-reviewer/sign-in-limits' }),
  listAdminLog: async () => ({ user: 'fs-admin' }),
  getExpressionRules: async () => ({ user: 'fs-admin' }),
  saveExpressionRules: async () => {
    const { version } = await staff('fs-admin', 'GET', '/api/staff/expression-rules');
    return { user: 'fs-admin', body: { ...(example('saveExpressionRules') as object), version } };
  },
};

const defaultUser = (route: RouteSpec) =>
  route.auth === 'staff' ? `lsh-${route.roles!.includes('handler') ? 'handler' : route.roles![0]}` : undefined;
const defaultPath = (route: RouteSpec) =>
  route.path.replace(/\{(\w+)\+?\}/g, (_, name: string) => {
    if (!(name in constants)) throw new Error(`${route.operationId}: {${name}} names a record; give the route a setup`);
    return constants[name]!;
  });

/** What the access log said of each route's call: the route the platform matched and its status. */
const witnessed = new Map<string, number>();

async function request(route: RouteSpec, call: Call) {
  const user = call.user ?? defaultUser(route);
  const body = call.form
    ? new URLSearchParams(call.form).toString()
    : (call.body ?? route.example) !== undefined
      ? JSON.stringify(call.body ?? route.example)
      : undefined;
  const headers: Record<string, string> = {
    ...(user && { authorization: `Bearer ${await tokenOf(user)}` }),
    ...(body !== undefined && {
      'content-type': call.form ? 'application/x-www-form-urlencoded' : 'application/json',
    }),
    ...call.headers,
  };
  const seen = logs.lines.length;
  const response = await fetch(`${platform.url}${call.path ?? defaultPath(route)}`, {
    method: route.method,
    headers,
    ...(body !== undefined && { body }),
    redirect: 'manual',
  });
  const text = await response.text();
  // The access log's line for this request (by the id the gateway answers with): the route it reached, its status.
  const id = response.headers.get('apigw-requestid');
  const served = logs.lines.slice(seen).flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { message?: string; requestId?: string; route?: string; status?: number };
      return entry.message === 'request' && entry.requestId === id ? [entry] : [];
    } catch {
      return [];
    }
  });
  return { response, text, served };
}

describe('every route in the route table', () => {
  it.for(
    (routes as readonly RouteSpec[]).map((route) => [`${routeKey(route)} (${route.operationId})`, route] as const),
  )('%s answers a valid request with its success', async ([, route]) => {
    const call = (await setups[route.operationId as OperationId]?.()) ?? {};

    const { response, text, served } = await request(route, call);

    // Pages may answer a post with a redirect (post/redirect/get) and a file with its signed link.
    const success = route.status ?? (route.page && response.status === 303 ? 303 : undefined);
    if (success === undefined) expect(response.status, text.slice(0, 500)).toBeGreaterThanOrEqual(200);
    if (success === undefined) expect(response.status, text.slice(0, 500)).toBeLessThan(300);
    else expect(response.status, text.slice(0, 500)).toBe(success);
    // A redirect's target answers too (the page after a form post, the file's signed link).
    if (response.status === 303) {
      const location = new URL(response.headers.get('location')!, platform.url);
      const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? call.headers?.cookie;
      const target = await fetch(location, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
      expect(target.status, `${location}`).toBeGreaterThanOrEqual(200);
      expect(target.status, `${location}`).toBeLessThan(300);
    }
    expect(served).toEqual([expect.objectContaining({ route: routeKey(route), status: response.status })]);
    witnessed.set(routeKey(route), response.status);
  });

  it('has called every route of the table with success, and only those', () => {
    const table = (routes as readonly RouteSpec[]).map(routeKey).sort();
    expect([...witnessed.keys()].sort()).toEqual(table);
    expect(Object.keys(setups).filter((id) => !routes.some((r) => r.operationId === id))).toEqual([]);
  });
});
