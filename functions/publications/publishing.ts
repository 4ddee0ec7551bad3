/** 主动公开 by staff: drafts, review, publication with its 索引号, revisions, withdrawal; then the site. */
import { randomBytes, randomUUID } from 'node:crypto';
import { countyWide, isOwn, publicationAccess } from '#core/access.ts';
import { categoriesFor, categoryBySlug, topics } from '#core/categories.ts';
import { beijingDateTime } from '#core/dates.ts';
import {
  allowedPublicationActions,
  attachmentMatches,
  attachmentTypes,
  contentDateErrors,
  defaultIndexPattern,
  draftCheckOf,
  draftCheckSummary,
  formatIndexNumber,
  IllegalPublicationStep,
  publicationStatuses,
  publicationStepForms,
  publicationTransition,
  type Attachment,
  publicationStateFields,
  type PublicationContent,
  type PublicationEvent,
  type PublicationState,
} from '#core/publication.ts';
import {
  acknowledgeFindings,
  checkSegments,
  checksNamed,
  findingLabel,
  findingText,
  openFindings,
  PrivacyReviewError,
  reviewKey,
  reviewSummary,
  textReview,
  whereText,
  type PrivacyFinding,
  type PrivacyReview,
} from '#core/privacy.ts';
import { groundChoices, recordedReasons, type Acknowledgement } from '#core/privacy-grounds.ts';
import { counterChanges, publicationCounters } from '#core/report-counts.ts';
import { plainText, sanitiseRichText } from '#core/rich-text.ts';
import { agencyPages, targetsFor, type AgencyPage, type RenderTarget } from '#core/site-plan.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { config } from '#lib/config.ts';
import { badRequest, conflict, forbidden, notFound, stale } from '#lib/errors.ts';
import { startJob } from '#store/job-requests.ts';
import { queuedFor } from '#lib/route-schemas.ts';
import { getAgencies, getAgency, saveAgencySettings, type StoredAgency, topAgency } from '#store/agencies.ts';
import { loadCalendar } from '#store/calendar.ts';
import { portalExpressions } from '#store/expressions.ts';
import { listStats } from '#store/stats.ts';
import { getAgencyPage, saveAgencyPage } from '#store/agency-pages.ts';
import { indexSequenceKey } from '#store/listings.ts';
import { privacyOpenPage, privacyScanWrites } from '#store/privacy-list.ts';
import {
  agencyPublicationsPage,
  createPublication as storeCreate,
  getPublication,
  recordPublicationStep,
  type ListingChange,
  type StoredPublication,
} from '#store/publications.ts';
import { listRenderTasks } from '#store/render-queue.ts';
import { freeIndexNumber } from '#store/index-numbers.ts';
import { liveJobOf } from '#store/jobs.ts';
import { takingNumbers } from '#store/sequences.ts';
import {
  discardPending,
  inspectUpload,
  linkUpload,
  presignDownload,
  presignUpload,
  uploadOwner,
} from '#store/uploads.ts';
import type { ContentInput, StepInput } from './schemas.ts';

const publicationsPrefix = 'publications/';
const today = () => beijingDateTime(new Date()).date;

async function ownAgency(staff: StaffIdentity): Promise<StoredAgency> {
  const agency = await getAgency(staff.agencyId);
  if (!agency) throw notFound('未找到您所属的机关。');
  return agency;
}

async function ownPublication(id: string, staff: StaffIdentity) {
  const found = await getPublication(id);
  if (!found || !publicationAccess(staff, isOwn(staff, found.item.agencyId) ? 'own' : 'none').read)
    throw notFound('未找到该信息。');
  return found;
}

/**
 * A short-lived link to one of an item's attachments, in the draft or the published version, for
 * the staff who write and review it (the reviewer's 保密审查 reads what will be published).
 */
export async function publicationAttachment(id: string, attachmentId: string, staff: StaffIdentity) {
  const { item } = await ownPublication(id, staff);
  const attachment = [...item.content.attachments, ...(item.published?.content.attachments ?? [])].find(
    (a) => a.id === attachmentId,
  );
  if (!attachment) throw notFound('未找到该附件。');
  const link = await presignDownload(
    config.privateBucket(),
    attachment.privateKey,
    attachment.fileName,
    attachment.contentType,
  );
  return link;
}

/** Refuses content whose dates cannot be right, naming each field under `where`. */
function refuseDates(errors: { field: string; message: string }[], where: string, hint = '') {
  if (errors.length)
    throw badRequest(
      `${errors.map((e) => e.message).join('；')}${hint && `。${hint}`}`,
      errors.map((e) => ({ ...e, field: `${where}.${e.field}` })),
    );
}

/** Checks the content against the agency and the rules a schema cannot state; links new uploads. */
async function contentOf(
  input: ContentInput,
  agency: StoredAgency,
  itemId: string,
  kept: Attachment[],
  staff: StaffIdentity,
  where: 'body' | 'body.action.content' = 'body.action.content',
): Promise<PublicationContent> {
  const field = (name: string, message: string) => badRequest(message, [{ field: `${where}.${name}`, message }]);
  const category = categoryBySlug.get(input.category)!;
  if (category.townOnly && agency.kind !== 'town')
    throw field('category', '信息类别：该类别仅适用于乡镇人民政府（条例第二十一条）');
  if (category.reportRow && !input.validity) throw field('validity', '有效性：规章和行政规范性文件须注明有效性');
  if (input.validity?.state === 'repealed' && !input.validity.repealedOn)
    throw field('validity.repealedOn', '废止日期：已废止的须填写废止日期');
  refuseDates(contentDateErrors(input, today()), where);
  const attachments: Attachment[] = [];
  for (const id of new Set(input.attachments)) {
    const existing = kept.find((a) => a.id === id);
    if (existing) {
      attachments.push(existing);
      continue;
    }
    const object = await inspectUpload(config.privateBucket(), id);
    // Only the member of staff who uploaded it links it, once (see `presignUpload`).
    if (object?.purpose !== 'attachment' || object.owner !== uploadOwner.staff(staff.username))
      throw field('attachments', '附件：有附件未上传成功或已过期，请重新上传');
    if (!(object.contentType in attachmentTypes) || !attachmentMatches(object.contentType, object.head)) {
      throw field('attachments', `附件：「${object.fileName}」的内容与其声明的类型不符`);
    }
    const privateKey = await linkUpload(config.privateBucket(), id, itemId, publicationsPrefix);
    attachments.push({ id, fileName: object.fileName, contentType: object.contentType, size: object.size, privateKey });
  }
  return {
    title: input.title.trim(),
    category: input.category,
    topic: input.topic,
    ...(input.documentNumber?.trim() && { documentNumber: input.documentNumber.trim() }),
    writtenOn: input.writtenOn,
    ...(category.reportRow && input.validity && { validity: input.validity }),
    summary: input.summary.trim(),
    bodyHtml: sanitiseRichText(input.bodyHtml),
    attachments,
  };
}

const summaryOf = (item: StoredPublication) => ({
  id: item.id,
  title: item.content.title,
  status: item.status,
  statusLabel: publicationStatuses[item.status],
  category: item.content.category,
  categoryName: categoryBySlug.get(item.content.category)?.name ?? item.content.category,
  indexNumber: item.indexNumber ?? null,
  publishedOn: item.published?.publishedOn ?? null,
  late: item.published?.late ?? false,
  updatedAt: item.updatedAt,
  version: item.version,
});

/** A page of the agency's publications, most recently changed first; the late count from the report counters. */
export async function listPublications(staff: StaffIdentity, page: { limit?: number; cursor?: string }) {
  const [{ items, next }, agency, years] = await Promise.all([
    agencyPublicationsPage(staff.agencyId, { limit: page.limit ?? 50, cursor: page.cursor }),
    ownAgency(staff),
    listStats(staff.agencyId),
  ]);
  return {
    publications: items.map(summaryOf),
    next,
    late: [...years.values()].reduce((sum, counters) => sum + (counters.published_late ?? 0), 0),
    // What the form offers this agency.
    categories: categoriesFor(agency.kind).map((c) => ({
      slug: c.slug,
      name: c.name,
      article: c.article,
      validity: Boolean(c.reportRow),
    })),
    topics: [...topics],
    can: { create: publicationAccess(staff, 'own').create },
  };
}

export async function publicationDetail(id: string, staff: StaffIdentity) {
  const [{ item, events }, expressions] = await Promise.all([ownPublication(id, staff), portalExpressions()]);
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _g,
    gsi1sk: _s,
    gsi2pk: _g2,
    gsi2sk: _s2,
    gsi3pk: _g3,
    gsi3sk: _s3,
    ...visible
  } = item as StoredPublication & Record<'pk' | 'sk' | `gsi${1 | 2 | 3}${'pk' | 'sk'}`, unknown>;
  return {
    ...summaryOf(item),
    item: visible,
    privacy: item.privacy ? privacyView(item.privacy, item.privacy.key === reviewKey(item.content, expressions)) : null,
    privacyFindings: (item.privacy?.findings ?? []).map(findingView),
    // The handler's view while editing: the check of the draft as saved.
    draftCheck: item.draftCheck
      ? {
          ...privacyView(item.draftCheck, item.draftCheck.key === reviewKey(item.content, expressions)),
          summary: draftCheckSummary(item.draftCheck),
          findings: item.draftCheck.findings.map(findingView),
        }
      : null,
    privacyGrounds: groundChoices(),
    lastReturn:
      item.review && !item.review.approved && item.review.comments
        ? {
            comments: item.review.comments,
            by: item.review.by,
            on: item.review.on,
            // Current until the draft is submitted again; then it is history (the timeline keeps it).
            current: !item.review.resubmittedOn,
            ...(item.review.resubmittedOn && { resubmittedOn: item.review.resubmittedOn }),
          }
        : null,
    actions: publicationStepForms(item, staff),
    events: events.map(({ at, type, actor, actorName, text }) => ({
      at,
      type,
      actor,
      ...(actorName && { actorName }),
      text,
    })),
  };
}

export async function createPublication(input: ContentInput, staff: StaffIdentity) {
  if (!publicationAccess(staff, 'own').create) throw forbidden('只有经办人可以新建信息。');
  const agency = await ownAgency(staff);
  const id = randomBytes(8).toString('hex');
  const content = await contentOf(input, agency, id, [], staff, 'body');
  const at = new Date().toISOString();
  const item: StoredPublication = {
    id,
    agencyId: agency.id,
    status: 'draft',
    content,
    // 个人信息检查 and 表述检查 as it is saved: its text now, its attachments by the privacy function.
    draftCheck: draftCheckOf(undefined, content, today(), await portalExpressions()),
    version: 1,
    createdBy: staff.username,
    updatedAt: at,
    positions: [],
  };
  const event: PublicationEvent = {
    type: 'create',
    actor: staff.username,
    ...(staff.name && { actorName: staff.name }),
    on: today(),
    text: `新建草稿。${draftCheckSummary(item.draftCheck!)}`,
  };
  await storeCreate(item, event, privacyScanWrites(item, undefined, staff.username));
  await discardPending(
    config.privateBucket(),
    content.attachments.map((a) => a.id),
  );
  return summaryOf(item);
}

/**
 * What publishing (or revising, or withdrawing) does beyond the item: the 索引号 on first
 * publication, claimed in the step's transaction (the item shows it, and no other item may hold it),
 * and the render task. The listings are the renderer's to place, when it renders the task: an entry
 * need not be written with the approval, and no approval then contends for a listing's number.
 */
async function siteChange(
  before: StoredPublication,
  after: StoredPublication,
  agency: StoredAgency,
): Promise<{ change: ListingChange; indexNumber?: string; targets: RenderTarget[] }> {
  const change: ListingChange = { put: [], advance: [] };
  const targets = targetsFor(after.id);
  if (after.status === 'withdrawn' || before.indexNumber) return { change, targets };
  const year = Number(after.published!.publishedOn.slice(0, 4));
  const { indexPattern, orgCode } = agency.publishing ?? { indexPattern: defaultIndexPattern, orgCode: agency.code };
  // Past any number an imported item kept (their claims), and claimed for this item.
  const free = await freeIndexNumber(agency.id, year, (n) => formatIndexNumber(indexPattern, orgCode, year, n));
  change.advance.push({ key: indexSequenceKey(agency.id, year), next: free.next, previous: free.previous });
  change.claim = { agencyId: agency.id, indexNumber: free.indexNumber, itemId: after.id };
  return { change, indexNumber: free.indexNumber, targets };
}

/** The record's own fields (id, agency, positions, 索引号…): the step's state replaces the rest whole, so what it removed is gone. */
const withoutState = (item: StoredPublication) =>
  Object.fromEntries(Object.entries(item).filter(([key]) => !(key in publicationStateFields))) as Omit<
    StoredPublication,
    keyof PublicationState
  >;

/**
 * A step that took a 索引号 another approval took first, or whose item was not as read when it wrote
 * (NotAsRead), is tried afresh: the fresh try answers stale once the item's version has moved.
 */
export const stepPublication = (id: string, input: StepInput, staff: StaffIdentity) =>
  takingNumbers(() => tryStep(id, input, staff));

async function tryStep(id: string, input: StepInput, staff: StaffIdentity) {
  const [{ item }, agency, calendar, expressions] = await Promise.all([
    ownPublication(id, staff),
    ownAgency(staff),
    loadCalendar(),
    portalExpressions(),
  ]);
  if (item.version !== input.version) throw stale('该信息已被他人更新，请刷新后重试。');
  if (input.action.type === 'submit' || input.action.type === 'approve') {
    // A draft saved before today's rules, or left while the date passed, is checked again.
    refuseDates(
      contentDateErrors(item.content, today()),
      'content',
      input.action.type === 'approve' ? '请退回修改。' : '请修改后再提交。',
    );
  }
  const action =
    input.action.type === 'edit'
      ? {
          ...input.action,
          content: await contentOf(
            input.action.content,
            agency,
            item.id,
            [...item.content.attachments, ...(item.published?.content.attachments ?? [])],
            staff,
          ),
        }
      : input.action;
  // Submitted before the guard, or under rules since changed: checked again now, and approved once that is done.
  if (
    action.type === 'approve' &&
    allowedPublicationActions(item, staff).includes('approve') &&
    item.submittedBy !== staff.username &&
    item.privacy?.key !== reviewKey(item.content, expressions)
  )
    return checkAgain(item, staff, expressions);
  let result: ReturnType<typeof publicationTransition>;
  try {
    result = publicationTransition(item, action, { calendar, today: today(), actor: staff, expressions });
  } catch (error) {
    if (error instanceof IllegalPublicationStep)
      throw error.reason === 'role'
        ? forbidden(error.message)
        : conflict(
            error.message,
            error.reason === 'scanning' ? 'in-progress' : error.reason === 'privacy' ? 'checks-failed' : undefined,
          );
    throw error;
  }
  const next: StoredPublication = {
    ...withoutState(item),
    ...result.state,
    version: item.version + 1,
    updatedAt: new Date().toISOString(),
  };
  const touchesSite = action.type === 'approve' || action.type === 'withdraw';
  const plan = touchesSite ? await siteChange(item, next, agency) : undefined;
  if (plan?.indexNumber) next.indexNumber = plan.indexNumber;
  await recordPublicationStep({
    item,
    expectedVersion: item.version,
    next,
    event: result.event,
    ...(plan && { listings: plan.change, render: plan.targets }),
    counters: counterChanges(publicationCounters(item), publicationCounters(next)),
    also: privacyScanWrites(next, item, staff.username),
  });
  if (action.type === 'edit') {
    const before = new Set(
      [...item.content.attachments, ...(item.published?.content.attachments ?? [])].map((a) => a.id),
    );
    await discardPending(
      config.privateBucket(),
      action.content.attachments.map((a) => a.id).filter((id) => !before.has(id)),
    );
  }
  // The renderer, woken by the task's stream record, writes the pages after this answer.
  return { ...summaryOf(next), event: result.event, ...(plan && { site: queuedFor(plan.targets) }) };
}

// --- 个人信息检查 -------------------------------------------------------------------------------

/** A fresh check of the working copy, recorded as a step of its own; the approval is refused until it is done. */
async function checkAgain(
  item: StoredPublication,
  staff: StaffIdentity,
  expressions: Awaited<ReturnType<typeof portalExpressions>>,
): Promise<never> {
  const at = new Date().toISOString();
  const privacy = textReview(item.content, 'submit', today(), expressions);
  const next: StoredPublication = { ...item, privacy, version: item.version + 1, updatedAt: at };
  const event: PublicationEvent = {
    type: 'privacyCheck',
    actor: staff.username,
    ...(staff.name && { actorName: staff.name }),
    on: today(),
    text: `审核前重新进行个人信息检查和表述检查（按现行规则）。${reviewSummary(privacy)}`,
  };
  await recordPublicationStep({
    item,
    expectedVersion: item.version,
    next,
    event,
    also: privacyScanWrites(next, item, staff.username),
  });
  throw conflict(
    privacy.state === 'scanning' || openFindings(privacy.findings).length
      ? `已按现行规则重新进行个人信息检查和表述检查，${reviewSummary(privacy).replace(/^个人信息检查：/, '')}请刷新查看后再审核。`
      : '已按现行规则重新进行个人信息检查和表述检查，未发现须处理的问题。请刷新后再审核。',
    'in-progress',
  );
}

const findingView = (f: PrivacyFinding) => ({
  ...f,
  kindLabel: findingLabel(f),
  whereText: whereText(f.where),
});

const privacyView = (review: PrivacyReview, current: boolean) => ({
  state: review.state,
  at: review.at,
  by: review.by,
  /** Whether it read the content as it now is (an edit since, or new rules, call for another). */
  current,
  open: openFindings(review.findings).length,
  summary: reviewSummary(review),
});

/**
 * What a reviewer must look at: the agency's items (or, for the county's staff, every agency's) with
 * a 个人信息检查 finding open, from the sparse index, a page at a time.
 */
export async function privacyList(staff: StaffIdentity, query: { scope?: 'county'; limit?: number; cursor?: string }) {
  const portal = query.scope === 'county';
  if (portal && !countyWide(await getAgency(staff.agencyId)))
    throw forbidden('只有本平台最上级机关的工作人员可以查看全部机关的个人信息检查结果。');
  const { items, next } = await privacyOpenPage(portal ? 'county' : staff.agencyId, {
    limit: query.limit ?? 50,
    cursor: query.cursor,
  });
  // The names of the page's agencies only: a page reads the same however many agencies there are.
  const names = new Map(
    portal ? (await getAgencies([...new Set(items.map((item) => item.agencyId))])).map((a) => [a.id, a.name]) : [],
  );
  return {
    items: items.map((item) => ({
      id: item.id,
      agencyId: item.agencyId,
      agencyName: names.get(item.agencyId) ?? null,
      title: item.content.title,
      status: item.status,
      statusLabel: publicationStatuses[item.status],
      publishedOn: item.published?.publishedOn ?? null,
      by: item.privacy!.by,
      at: item.privacy!.at,
      open: openFindings(item.privacy!.findings).map(findingView),
    })),
    next,
  };
}

export async function createAttachmentUpload(
  input: { fileName: string; contentType: string; size: number },
  staff: StaffIdentity,
) {
  const uploadId = randomUUID();
  return {
    uploadId,
    ...(await presignUpload(
      config.privateBucket(),
      uploadId,
      input.contentType,
      'attachment',
      input.fileName,
      uploadOwner.staff(staff.username),
    )),
    maxBytes: 10 * 1024 * 1024,
  };
}

// --- The column's edited pages and the agency's 索引号 rule ------------------------------------------

const editable = (page: string): page is 'guide' | 'rules' => page === 'guide' || page === 'rules';

export async function getColumnPage(page: string, staff: StaffIdentity) {
  if (!editable(page)) throw notFound('只有政府信息公开指南和政府信息公开制度可以编辑。');
  const agency = await ownAgency(staff);
  const stored = await getAgencyPage(agency.id, page);
  // Drafted when the agency was set up (an agency without it starts from an empty page). Its check's
  // findings as saved: each kept one with who kept it and why, a warning as it was shown.
  return {
    page,
    title: agencyPages[page as AgencyPage],
    html: stored?.html ?? '',
    version: stored?.version ?? 0,
    findings: (stored?.privacy ?? []).map(findingView),
    /** The legal grounds an administrator may choose when keeping personal data on the page. */
    privacyGrounds: groundChoices(),
  };
}

export async function saveColumnPage(
  page: string,
  input: { html: string; version: number; privacyAcknowledgements?: Acknowledgement[] },
  staff: StaffIdentity,
) {
  if (!editable(page)) throw notFound('只有政府信息公开指南和政府信息公开制度可以编辑。');
  const html = sanitiseRichText(input.html);
  // The page goes public as it is saved: its 个人信息检查 and 表述检查 come first, each finding that
  // holds kept only with a reason (a lesser wording is saved with the page and shown).
  const found = checkSegments(
    [{ where: { field: 'page', section: agencyPages[page as AgencyPage] }, text: plainText(html) }],
    await portalExpressions(),
  );
  let findings: PrivacyFinding[];
  try {
    findings = acknowledgeFindings(
      found,
      recordedReasons(input.privacyAcknowledgements ?? []),
      staff,
      new Date().toISOString(),
    );
  } catch (error) {
    if (error instanceof PrivacyReviewError) throw conflict(error.message, 'checks-failed');
    throw error;
  }
  const open = openFindings(findings);
  if (open.length)
    throw conflict(
      `${checksNamed(open)}发现 ${open.length} 项，未保存：${open.map((f) => `第 ${f.id} 项 ${findingText(f)}`).join('；')}。请删除后保存，或逐项写明理由确认公开。`,
      'checks-failed',
      findings.map(findingView),
    );
  const render: RenderTarget[] = [{ kind: 'agencyPage', agencyId: staff.agencyId, page }];
  const saved = await saveAgencyPage(staff.agencyId, page, html, input.version, staff.username, render, findings);
  if (saved === false) throw stale('该页面已被他人修改，请刷新后重试。');
  return {
    page,
    title: agencyPages[page as AgencyPage],
    html,
    version: saved,
    findings: findings.map(findingView),
    site: queuedFor(render),
  };
}

export async function getPublishingSettings(staff: StaffIdentity) {
  const agency = await ownAgency(staff);
  return {
    ...(agency.publishing ?? { indexPattern: defaultIndexPattern, orgCode: agency.code }),
    version: agency.publishingVersion,
    example: formatIndexNumber(
      agency.publishing?.indexPattern ?? defaultIndexPattern,
      agency.publishing?.orgCode ?? agency.code,
      2026,
      13,
    ),
  };
}

export async function savePublishingSettings(
  input: { indexPattern: string; orgCode: string; version: number },
  staff: StaffIdentity,
) {
  const { version, ...settings } = input;
  const saved = await saveAgencySettings(staff.agencyId, 'publishing', settings, version, staff.username);
  if (saved === false) throw stale('索引号规则已被他人修改，请刷新后重试。');
  return { ...settings, version: saved, example: formatIndexNumber(settings.indexPattern, settings.orgCode, 2026, 13) };
}

/**
 * How far the renderer is behind: the tasks waiting (a bounded count) and the oldest one's time; and
 * whether the whole site is being rewritten (a rebuild, as a change of the site's footer starts).
 */
export async function siteStatus() {
  const [waiting, top] = await Promise.all([listRenderTasks(100), topAgency()]);
  const rebuilding = Boolean(top && (await liveJobOf('rebuildSite', top.id)));
  const oldest = waiting[0]?.sk.split('#')[1] ?? null;
  return { pending: waiting.length, oldestAt: oldest, rebuilding, upToDate: waiting.length === 0 && !rebuilding };
}

/** Recovery: the whole site from the table (county administrators only). */
export async function rebuild(staff: StaffIdentity) {
  const agency = await ownAgency(staff);
  if (!countyWide(agency)) throw forbidden('只有县级管理员可以重建网站。');
  return startJob('rebuildSite', {}, staff);
}
