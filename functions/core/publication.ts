/**
 * 主动公开: an item of information an agency publishes, its review and its revisions (REGULATION.md
 * §1, §6). Pure: handlers load the item, call `publicationTransition`, and store the result with its
 * audit event (and, on publication, its 索引号 and the site's render task) in one transaction.
 */
import { CalendarGapError, type WorkingCalendar } from './calendar.ts';
import { nthWorkingDay } from './clock.ts';
import { addDays, daysBetween, formatDate, yearOf, type IsoDate } from './dates.ts';
import { type ExpressionChecker, shippedExpressions } from './expressions.ts';
import type { FormField, StepForm } from './forms.ts';
import {
  acknowledgeFindings,
  checksNamed,
  findingText,
  openFindings,
  PrivacyReviewError,
  reviewKey,
  reviewSummary,
  textReview,
  type PrivacyReview,
} from './privacy.ts';
import { recordedReasons, type Acknowledgement } from './privacy-grounds.ts';
import { clause, sentence } from './sentences.ts';
import type { Role } from './staff.ts';

export const publicationStatuses = {
  draft: '草稿',
  submitted: '待审核',
  published: '已发布',
  revising: '已发布，修订中',
  revisionSubmitted: '已发布，修订待审核',
  withdrawn: '已撤销',
} as const;
export type PublicationStatus = keyof typeof publicationStatuses;

export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  /** Where it waits in the private bucket until publication. */
  privateKey: string;
}

/** What staff write: the catalogue metadata (条例12) and the text. */
export interface PublicationContent {
  title: string;
  category: string;
  topic: string;
  /** 文号, e.g. 抚政办函〔2017〕38号. */
  documentNumber?: string;
  /** 成文日期. */
  writtenOn: IsoDate;
  /** 有效性 of regulations and normative documents (counted in report table 二). */
  validity?: { state: 'valid' | 'repealed'; repealedOn?: IsoDate };
  /** 内容概述. */
  summary: string;
  /** Sanitised rich text. */
  bodyHtml: string;
  attachments: Attachment[];
}

/** A published version, as the site shows it. */
export interface PublishedVersion {
  revision: number;
  content: PublicationContent;
  /** 发布日期 of the first publication; revisions keep it and add their own date. */
  publishedOn: IsoDate;
  revisedOn?: IsoDate;
  revisionNote?: string;
  /** Published more than 20 working days after 成文日期 (条例26); false while pending. */
  late: boolean;
  lateText: string;
  /** Lateness not yet judged: the calendar lacks this year (see `lateness`). */
  latenessPendingYear?: number;
}

export interface PublicationState {
  status: PublicationStatus;
  /** The working copy: the draft, or the revision under way. */
  content: PublicationContent;
  /** Why this revision is made (shown on the page once published). */
  revisionNote?: string;
  published?: PublishedVersion;
  /** Who submitted what now awaits review (four eyes: someone else approves it). */
  submittedBy?: string;
  /** The reviewer's last decision; a return's comments are history once the draft is submitted again (`resubmittedOn`). */
  review?: {
    by: string;
    on: IsoDate;
    approved: boolean;
    secrecyCheck?: string;
    comments?: string;
    resubmittedOn?: IsoDate;
  };
  withdrawn?: { by: string; on: IsoDate; reason: string };
  /**
   * 个人信息检查 of the working copy (from its submission) or, for what was published before the
   * guard, of the published version (by the sweep). Approval waits for it and for each finding to be
   * acknowledged.
   */
  privacy?: PrivacyReview;
  /**
   * 个人信息检查 of the working copy as last saved, for the handler while editing (its attachments
   * read by the privacy function). A submission of that same content takes it as the review.
   */
  draftCheck?: PrivacyReview;
}

/** Every field of the state (a step's result replaces them all; what it deleted is removed). */
export const publicationStateFields: Record<keyof PublicationState, true> = {
  status: true,
  content: true,
  revisionNote: true,
  published: true,
  submittedBy: true,
  review: true,
  withdrawn: true,
  privacy: true,
  draftCheck: true,
};

export type PublicationAction =
  | { type: 'edit'; content: PublicationContent; revisionNote?: string }
  | { type: 'submit' }
  | { type: 'recall' }
  | { type: 'approve'; secrecyCheck: string }
  | { type: 'return'; comments: string }
  | { type: 'revise' }
  | { type: 'withdraw'; reason: string }
  | { type: 'acknowledge'; acknowledgements: Acknowledgement[] };

export interface PublicationEvent {
  /** `judgeLateness`: the system judging a lateness that waited for a year's calendar; `redact`: an attachment replaced by its redacted copy (部分公开). */
  type: PublicationAction['type'] | 'create' | 'judgeLateness' | 'privacyCheck' | 'redact';
  actor: string;
  /** The staff member's display name at the time (陈静). */
  actorName?: string;
  on: IsoDate;
  text: string;
}

export class IllegalPublicationStep extends Error {
  /** `role`: the actor may never take this step; `state`: not now; `privacy`: personal data awaits the reviewer; `scanning`: its check is not finished. */
  readonly reason: 'role' | 'state' | 'privacy' | 'scanning';
  constructor(message: string, reason: IllegalPublicationStep['reason'] = 'state') {
    super(message);
    this.name = 'IllegalPublicationStep';
    this.reason = reason;
  }
}

const rules: Record<PublicationAction['type'], { from: PublicationStatus[]; by: Role[] }> = {
  edit: { from: ['draft', 'revising'], by: ['handler'] },
  submit: { from: ['draft', 'revising'], by: ['handler'] },
  // 撤回: the handler takes a submission back to mend it, until a reviewer has begun on it.
  recall: { from: ['submitted', 'revisionSubmitted'], by: ['handler'] },
  approve: { from: ['submitted', 'revisionSubmitted'], by: ['reviewer'] },
  return: { from: ['submitted', 'revisionSubmitted'], by: ['reviewer'] },
  revise: { from: ['published'], by: ['handler'] },
  withdraw: { from: ['published', 'revising', 'revisionSubmitted'], by: ['reviewer'] },
  // The reviewer keeps a finding public with a reason (a 公示 that must name people), before approval or after the sweep found it.
  acknowledge: { from: ['submitted', 'revisionSubmitted', 'published', 'revising'], by: ['reviewer'] },
};

/** The steps this member of staff may take on the item now: the rules' roles and states (what the console offers). */
export const allowedPublicationActions = (
  state: Pick<PublicationState, 'status' | 'privacy'>,
  actor: { roles: Role[] },
) =>
  (Object.keys(rules) as PublicationAction['type'][]).filter(
    (type) =>
      actor.roles.some((role) => rules[type].by.includes(role)) &&
      rules[type].from.includes(state.status) &&
      (type !== 'acknowledge' || openFindings(state.privacy?.findings ?? []).length > 0) &&
      (type !== 'recall' || !reviewBegun(state)),
  );

/** A reviewer has begun on the submission: a finding kept public with a reason (a recall would undo their work). */
const reviewBegun = (state: Pick<PublicationState, 'privacy'>) =>
  (state.privacy?.findings ?? []).some((f) => f.acknowledged);

/** The longest reason, comment or secrecy check a step carries. */
export const stepTextLimit = 500;

/**
 * The steps as forms for the console. `edit` is the content form itself (laid out from the
 * categories the list serves); the others ask for what their action carries.
 */
const reason = (name: string, label: string): FormField => ({
  name,
  label,
  kind: 'multiline',
  required: true,
  maxLength: stepTextLimit,
});
const stepForms: Record<PublicationAction['type'], Omit<StepForm, 'type'>> = {
  edit: { label: '保存', fields: [] },
  submit: { label: '提交审核', fields: [] },
  recall: { label: '撤回提交', fields: [] },
  // The reviewer writes the opinion after reading the text and its attachments: it starts empty (保密审查).
  approve: {
    label: '审核通过并发布',
    fields: [reason('secrecyCheck', '保密审查意见（写明正文和附件是否涉及国家秘密、工作秘密、商业秘密和个人隐私）')],
  },
  return: { label: '退回修改', fields: [reason('comments', '退回意见')] },
  revise: { label: '修订', fields: [] },
  withdraw: { label: '撤销发布', fields: [reason('reason', '撤销理由（仅内部留存）')] },
  // The console lays out a reason for each open finding (acknowledgements[].reason); the API takes the list.
  acknowledge: { label: '确认公开所选个人信息', fields: [] },
};

export const publicationStepForms = (
  state: Pick<PublicationState, 'status' | 'privacy'>,
  actor: { roles: Role[] },
): StepForm<PublicationAction['type']>[] =>
  allowedPublicationActions(state, actor).map((type) => ({ type, ...stepForms[type] }));

/** 条例26: published within 20 working days of being made. */
export const publicationDays = 20;

export interface Lateness {
  late: boolean;
  text: string;
  /** A year the calendar has no schedule for, so the 20 working days cannot be counted yet. */
  pendingYear?: number;
}

/**
 * Twenty working days always end within this many calendar days (four weeks plus the longest
 * holiday, with room to spare), so a publication later than this is late whatever the calendar says.
 */
const surelyLateAfterDays = 60;

/**
 * 条例26 for one publication. Where the 20 working days reach a year the calendar cannot judge, the
 * answer is pending, not a guess: not counted late, judged again once that year's schedule is entered.
 */
export function lateness(calendar: WorkingCalendar, writtenOn: IsoDate, publishedOn: IsoDate): Lateness {
  const written = formatDate(writtenOn, false);
  const published = formatDate(publishedOn, false);
  try {
    const deadline = nthWorkingDay(calendar, writtenOn, publicationDays);
    return publishedOn > deadline
      ? {
          late: true,
          text: `成文日期${written}，应于${formatDate(deadline, false)}前公开，${published}发布，超过条例第二十六条规定的 20 个工作日。`,
        }
      : {
          late: false,
          text: `成文日期${written}，在条例第二十六条规定的 20 个工作日内（${formatDate(deadline, false)}前）发布。`,
        };
  } catch (error) {
    if (!(error instanceof CalendarGapError)) throw error;
    const span = daysBetween(writtenOn, publishedOn);
    if (span > surelyLateAfterDays) {
      return {
        late: true,
        text: `成文日期${written}，${published}发布，相隔 ${span} 日，超过条例第二十六条规定的 20 个工作日。`,
      };
    }
    const counted = workingDaysBefore(calendar, writtenOn, publishedOn);
    if (counted !== undefined) {
      return {
        late: false,
        text: `成文日期${written}，${published}发布，其间 ${counted} 个工作日，在条例第二十六条规定的 20 个工作日内。`,
      };
    }
    return {
      late: false,
      pendingYear: error.year,
      text: `成文日期${written}，${published}发布。尚未录入 ${error.year} 年的节假日安排，暂无法判断是否超过条例第二十六条规定的 20 个工作日（暂不计为逾期）；管理员录入该年安排后自动判定。`,
    };
  }
}

/** Working days strictly between two dates, or undefined when a day between lies in a year the calendar lacks. */
function workingDaysBefore(calendar: WorkingCalendar, after: IsoDate, before: IsoDate): number | undefined {
  let counted = 0;
  for (let date = addDays(after, 1); date < before; date = addDays(date, 1)) {
    if (!calendar.covers(yearOf(date))) return undefined;
    if (calendar.isWorkingDay(date)) counted += 1;
  }
  return counted;
}

/** The dates of content that cannot be right today, each naming its field (成文日期 in the future, say). */
export function contentDateErrors(
  content: Pick<PublicationContent, 'writtenOn' | 'validity'>,
  today: IsoDate,
): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  if (content.writtenOn > today)
    errors.push({ field: 'writtenOn', message: `成文日期：不能晚于今天（${formatDate(today, false)}）` });
  if (content.writtenOn < earliestWrittenOn)
    errors.push({ field: 'writtenOn', message: `成文日期：不能早于${formatDate(earliestWrittenOn, false)}` });
  const repealedOn = content.validity?.repealedOn;
  if (repealedOn && repealedOn < content.writtenOn)
    errors.push({ field: 'validity.repealedOn', message: '废止日期：不能早于成文日期' });
  return errors;
}

/** Nothing the platform publishes predates the People's Republic. */
const earliestWrittenOn = '1949-10-01';

export interface PublicationContext {
  calendar: WorkingCalendar;
  today: IsoDate;
  actor: { username: string; roles: Role[]; name?: string };
  /** 表述检查 by the county's dictionary (the shipped one where none is given). */
  expressions?: ExpressionChecker;
}

export function publicationTransition(
  state: PublicationState,
  action: PublicationAction,
  { calendar, today, actor, expressions = shippedExpressions }: PublicationContext,
): { state: PublicationState; event: PublicationEvent } {
  const rule = rules[action.type];
  if (!actor.roles.some((role) => rule.by.includes(role)))
    throw new IllegalPublicationStep('您的角色不能执行此操作。', 'role');
  if (!rule.from.includes(state.status))
    throw new IllegalPublicationStep(`信息当前为“${publicationStatuses[state.status]}”，不能执行此操作。`);
  const next: PublicationState = structuredClone(state);
  const event = (text: string): PublicationEvent => ({
    type: action.type,
    actor: actor.username,
    ...(actor.name && { actorName: actor.name }),
    on: today,
    text,
  });

  switch (action.type) {
    case 'edit':
      next.content = action.content;
      if (state.status === 'revising') next.revisionNote = action.revisionNote;
      // Checked as saved, so the handler sees what the reviewer will (the attachments are read after).
      next.draftCheck = draftCheckOf(state.draftCheck, action.content, today, expressions);
      return { state: next, event: event(`修改内容。${draftCheckSummary(next.draftCheck)}`) };
    case 'submit': {
      if (state.status === 'revising' && !state.revisionNote?.trim())
        throw new IllegalPublicationStep('修订须写明修订说明。');
      next.status = state.status === 'draft' ? 'submitted' : 'revisionSubmitted';
      next.submittedBy = actor.username;
      if (state.review && !state.review.approved) next.review = { ...state.review, resubmittedOn: today };
      // 个人信息检查: the check of the content as saved (its files still being read, or read), or the
      // text now and the attachments by the privacy function (state `scanning`).
      const saved = state.draftCheck;
      next.privacy =
        saved?.key === reviewKey(state.content, expressions)
          ? { ...saved, by: 'submit' }
          : textReview(state.content, 'submit', today, expressions);
      delete next.draftCheck;
      return {
        state: next,
        event: event(
          `${state.status === 'draft' ? '提交审核。' : `提交修订审核：${sentence(state.revisionNote ?? '')}`}${reviewSummary(next.privacy)}`,
        ),
      };
    }
    case 'recall':
      if (reviewBegun(state))
        throw new IllegalPublicationStep('审核人已开始审核（已确认公开个人信息），不能撤回。请联系审核人退回修改。');
      next.status = state.status === 'submitted' ? 'draft' : 'revising';
      delete next.submittedBy;
      // The check goes back with the content, for the handler to mend what it found.
      if (state.privacy?.key === reviewKey(state.content, expressions)) next.draftCheck = state.privacy;
      delete next.privacy;
      return { state: next, event: event('撤回提交（审核前），退回编辑。') };
    case 'return':
      next.status = state.status === 'submitted' ? 'draft' : 'revising';
      next.review = { by: actor.username, on: today, approved: false, comments: action.comments };
      return { state: next, event: event(`退回修改：${sentence(action.comments)}`) };
    case 'approve': {
      if (state.submittedBy === actor.username)
        throw new IllegalPublicationStep(
          '信息须由提交人以外的另一名审核人审核发布，不能审核通过自己提交的信息。',
          'role',
        );
      if (!action.secrecyCheck.trim()) throw new IllegalPublicationStep('发布前须记录保密审查意见。');
      privacyGate(state, expressions);
      next.review = { by: actor.username, on: today, approved: true, secrecyCheck: action.secrecyCheck };
      const first = !state.published;
      const publishedOn = state.published?.publishedOn ?? today;
      const { late, text, pendingYear } = lateness(calendar, state.content.writtenOn, publishedOn);
      next.published = {
        revision: (state.published?.revision ?? 0) + 1,
        content: state.content,
        publishedOn,
        ...(!first && { revisedOn: today, revisionNote: state.revisionNote }),
        late,
        lateText: text,
        ...(pendingYear && { latenessPendingYear: pendingYear }),
      };
      delete next.revisionNote;
      next.status = 'published';
      return {
        state: next,
        event: event(
          `保密审查：${clause(action.secrecyCheck)}。${first ? '同意发布' : `同意发布第 ${next.published.revision} 版`}。${late ? '（超过 20 个工作日发布）' : pendingYear ? `（是否超过 20 个工作日待录入 ${pendingYear} 年节假日安排后判定）` : ''}`,
        ),
      };
    }
    case 'revise':
      next.status = 'revising';
      next.content = state.published!.content;
      return { state: next, event: event('开始修订。') };
    case 'acknowledge': {
      const review = state.privacy;
      if (review?.state !== 'done') throw new IllegalPublicationStep('个人信息检查尚未完成，请稍候刷新。', 'scanning');
      try {
        next.privacy = {
          ...review,
          findings: acknowledgeFindings(
            review.findings,
            recordedReasons(action.acknowledgements),
            { username: actor.username, name: actor.name },
            today,
          ),
        };
      } catch (error) {
        if (error instanceof PrivacyReviewError) throw new IllegalPublicationStep(error.message);
        throw error;
      }
      const acknowledged = next.privacy.findings.filter((f) => action.acknowledgements.some((a) => a.id === f.id));
      const what = acknowledged.some((f) => f.expression)
        ? acknowledged.every((f) => f.expression)
          ? '确认保留表述'
          : '确认公开检查发现'
        : '确认公开个人信息';
      return {
        state: next,
        event: event(
          `${what} ${acknowledged.length} 项：${acknowledged.map((f) => `第 ${f.id} 项 ${findingText(f)}，理由：${clause(f.acknowledged!.reason)}`).join('；')}。`,
        ),
      };
    }
    case 'withdraw':
      next.status = 'withdrawn';
      next.withdrawn = { by: actor.username, on: today, reason: action.reason };
      return { state: next, event: event(`撤销发布：${sentence(action.reason)}`) };
  }
}

/** The check of content as saved: the one already made of this same content, or a fresh one of its text. */
export const draftCheckOf = (
  before: PrivacyReview | undefined,
  content: PublicationContent,
  today: IsoDate,
  expressions: ExpressionChecker = shippedExpressions,
) => (before?.key === reviewKey(content, expressions) ? before : textReview(content, 'submit', today, expressions));

/** A draft's check in a sentence: what the handler mends before submitting (the reviewer keeps only what must stay). */
export const draftCheckSummary = (review: PrivacyReview): string => reviewSummary(review, true);

/**
 * Nothing is published while its check is missing, outdated, unfinished, or has a finding no reviewer
 * acknowledged: personal data, or a 严重表述错误 (a lesser wording holds nothing).
 */
function privacyGate(state: PublicationState, expressions: ExpressionChecker) {
  const review = state.privacy;
  if (!review || review.key !== reviewKey(state.content, expressions))
    throw new IllegalPublicationStep('该信息尚未按现行规则进行个人信息检查和表述检查，请刷新后重试。', 'scanning');
  if (review.state === 'scanning')
    throw new IllegalPublicationStep('个人信息检查正在读取附件，请稍候刷新后再审核。', 'scanning');
  const open = openFindings(review.findings);
  if (open.length)
    throw new IllegalPublicationStep(
      `${checksNamed(open)}发现 ${open.length} 项尚未处理，不能发布：${open.map((f) => `第 ${f.id} 项 ${findingText(f)}`).join('；')}。请退回修改，或逐项写明理由确认公开。`,
      'privacy',
    );
}

/**
 * The 索引号: the agency's pattern with `{code}` (its organisation or credit code), `{YYYY}` (the year
 * of publication) and `{N…}` (its sequence in that year, zero-padded to as many digits as N's).
 */
export function formatIndexNumber(pattern: string, code: string, year: number, sequence: number): string {
  return pattern
    .replaceAll('{code}', code)
    .replaceAll('{YYYY}', String(year))
    .replace(/\{(N+)\}/g, (_, ns: string) => String(sequence).padStart(ns.length, '0'));
}

export const defaultIndexPattern = '{code}/{YYYY}-{NNNNN}';
export const isIndexPattern = (pattern: string) =>
  pattern.includes('{YYYY}') && /\{N+\}/.test(pattern) && pattern.length <= 60;

/** What may be attached to a publication, and the first bytes each type starts with. */
/** The attachment types taken, each with its first bytes and the extension its site address ends in. */
export const attachmentTypes: Record<string, { label: string; signature: number[]; extension: string }> = {
  'application/pdf': { label: 'PDF', signature: [0x25, 0x50, 0x44, 0x46, 0x2d], extension: 'pdf' },
  'image/jpeg': { label: 'JPEG', signature: [0xff, 0xd8, 0xff], extension: 'jpg' },
  'image/png': { label: 'PNG', signature: [0x89, 0x50, 0x4e, 0x47], extension: 'png' },
  'application/msword': { label: 'Word', signature: [0xd0, 0xcf, 0x11, 0xe0], extension: 'doc' },
  'application/vnd.ms-excel': { label: 'Excel', signature: [0xd0, 0xcf, 0x11, 0xe0], extension: 'xls' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    label: 'Word',
    signature: [0x50, 0x4b, 0x03, 0x04],
    extension: 'docx',
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    label: 'Excel',
    signature: [0x50, 0x4b, 0x03, 0x04],
    extension: 'xlsx',
  },
};

/**
 * How a published attachment is offered: under its original name (RFC 6266: an ASCII fallback and
 * the UTF-8 name in `filename*`), which never becomes part of its address.
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
export const attachmentMatches = (type: string, head: Uint8Array) =>
  attachmentTypes[type]?.signature.every((byte, i) => head[i] === byte) ?? false;
