/**
 * The application's state machine (REGULATION.md §2–§4): which action is legal in which state and
 * for whom, what it does to the statutory clock, and the audit event it leaves. Pure: handlers load
 * the state, call `transition`, and store the result with its event in one transaction.
 */
import type { PrivacyFinding } from './privacy.ts';
import type { WithheldPart } from './redaction.ts';
import { CalendarGapError, type WorkingCalendar } from './calendar.ts';
import {
  correctionNoticeDays,
  maxExtensionDays,
  nthWorkingDay,
  periodEnd,
  receiptDay,
  replyDue,
  workingDaysUsed,
  type ClockInput,
  type PeriodEnd,
} from './clock.ts';
import { addDays, formatDate, yearOf, type IsoDate } from './dates.ts';
import type { FeeCalculation } from './fees.ts';
import type { Service } from './service.ts';
import type { Status } from './status.ts';
import { clause, sentence } from './sentences.ts';
import type { Role } from './staff.ts';

/** The official outcomes (条例36–39), keyed by their row in annual report table 三. */
export const outcomes = {
  disclosed: '予以公开',
  partial: '部分公开',
  'withheld.stateSecret': '不予公开：属于国家秘密',
  'withheld.lawForbids': '不予公开：其他法律行政法规禁止公开',
  'withheld.security': '不予公开：危及“三安全一稳定”',
  'withheld.thirdParty': '不予公开：保护第三方合法权益',
  'withheld.internal': '不予公开：属于三类内部事务信息',
  'withheld.process': '不予公开：属于四类过程性信息',
  'withheld.enforcement': '不予公开：属于行政执法案卷',
  'withheld.query': '不予公开：属于行政查询事项',
  'unable.notHeld': '无法提供：本机关不掌握相关政府信息',
  'unable.needsCreation': '无法提供：没有现成信息需要另行制作',
  'unable.stillUnclear': '无法提供：补正后申请内容仍不明确',
  'notProcessed.petition': '不予处理：信访举报投诉类申请',
  'notProcessed.repeat': '不予处理：重复申请',
  'notProcessed.publication': '不予处理：要求提供公开出版物',
  'notProcessed.excessive': '不予处理：无正当理由大量反复申请',
  'notProcessed.confirm': '不予处理：要求行政机关确认或重新出具已获取信息',
} as const;
export type Outcome = keyof typeof outcomes;

/** Report rows of the other endings (table 三 (六)). */
export const otherEndings = {
  noCorrection: 'other.noCorrection',
  noPayment: 'other.noPayment',
  withdrawn: 'other.other',
} as const;

export interface CaseState {
  status: Status;
  clock: ClockInput;
  /**
   * 补正 may be asked once (条例30). `dueBy` is null where the period reached a year the calendar
   * lacked when it was asked: `correctionDue` counts its `periodDays` once the year is entered.
   */
  correction?: {
    requestedOn: IsoDate;
    items: string[];
    dueBy: IsoDate | null;
    periodDays?: number;
    receivedOn?: IsoDate;
    text?: string;
  };
  extensionRequest?: { days: number; reason: string; requestedBy: string };
  consultation?: { party: string; kind: 'thirdParty' | 'coProducer'; sentOn: IsoDate; dueBy: IsoDate };
  /** `reason`: why the request clearly exceeds a reasonable range, in the handler's words (absent on notices from before it was asked). */
  fee?: { calculation: FeeCalculation; reason?: string; noticeOn: IsoDate; dueBy: IsoDate; paidOn?: IsoDate };
  /** `postedOn`: the reply went by post, and 交邮之日 is the day the time limit was met (国办公开办函〔2016〕235号). */
  outcome?: Answer & { answeredOn: IsoDate; postedOn?: IsoDate };
  /** How each letter was served (送达), by the application version it was issued at. */
  service?: Record<string, Service>;
  /** The table 三 row an ended application is counted in, and the day it ended (its report year). */
  reportRow?: string;
  endedOn?: IsoDate;
  /** The staff member handling it (经办人): username, and display name as it was when assigned. */
  assignee?: string;
  assigneeName?: string;
  /** The reply deadline the sweep last reminded of, or marked overdue: each is done once per date. */
  remindedFor?: IsoDate;
  overdueFor?: IsoDate;
  /** Staff checked the applicant's identity document at receipt: only such applications count as the same applicant's (109号 按件计收). */
  identityConfirmed?: { on: IsoDate; by: string };
  /** How long the answer took (工作统计): working days counted as the deadline counts them, and whether within those allowed. */
  answeredIn?: { workingDays: number; allowed: number; onTime: boolean };
}

/** A file disclosed with a (一)/(二) answer, linked under the application's prefix in the private bucket. */
export interface DisclosedFile {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  key: string;
  /** A file redacted in the platform (部分公开): its redaction, and what it withholds by ground (never the words). */
  redaction?: { id: string; withheld: WithheldPart[] };
}

export interface Answer {
  outcome: Outcome;
  basis: string;
  /** (一) where the information is already published proactively (条例36(1)). */
  location?: string;
  /** (一)/(二) the files given, redacted where partly disclosed. */
  files?: DisclosedFile[];
  /** (四)1 the agency that holds the information, when known (条例36(5)). */
  responsibleAgency?: string;
  /**
   * The files' 个人信息检查 (third parties' personal data, 条例15): its findings, masked, each kept
   * by whoever answered with a reason; for the staff and the record, never shown to the applicant.
   */
  fileCheck?: { id: string; findings: PrivacyFinding[] };
}

export type Action =
  | {
      type: 'confirmReceipt';
      receiptDate?: IsoDate;
      reason?: string;
      receivedOnPaper?: boolean;
      identityConfirmed?: boolean;
    }
  | { type: 'requestCorrection'; items: string[]; periodDays: number }
  | { type: 'receiveCorrection'; text?: string }
  | { type: 'expireCorrection' }
  | { type: 'startConsultation'; party: string; kind: 'thirdParty' | 'coProducer' }
  | { type: 'recordConsultationReply'; reply: string }
  | { type: 'requestExtension'; days: number; reason: string }
  | { type: 'decideExtension'; approve: boolean; reason: string }
  | { type: 'sendFeeNotice'; calculation: FeeCalculation; reason: string }
  | { type: 'recordPayment' }
  | { type: 'expireFee' }
  | ({ type: 'answer' } & Answer)
  | { type: 'close' }
  | { type: 'withdraw'; reason: string }
  | { type: 'assign'; assignee: string; assigneeName?: string }
  | { type: 'note'; text: string }
  | { type: 'remind' }
  | { type: 'markOverdue' };

/** Staff act with their roles; the applicant corrects from the status page; the sweep is `system`. */
export type Actor = { username: string; roles: Role[]; name?: string } | 'system' | 'applicant';

export interface Context {
  calendar: WorkingCalendar;
  today: IsoDate;
  actor: Actor;
  /** The day (Beijing time) the application was submitted online: the earliest receipt date it may be given. */
  submittedOn?: IsoDate;
}

export interface AuditEvent {
  /** A step, or the record of a letter's service (送达), which is no step of the case. */
  type: Action['type'] | 'recordService';
  actor: string;
  /** The staff member's display name when the step was taken (陈静): timelines show it. */
  actorName?: string;
  on: IsoDate;
  text: string;
}

export class IllegalTransition extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IllegalTransition';
  }
}

export const openStatuses: Status[] = ['registered', 'inProgress', 'correctionRequested', 'consulting', 'feeNotice'];
const open = openStatuses;
const all: Status[] = [...open, 'answered', 'closed', 'withdrawn', 'abandoned'];
/** Statuses in which the reply clock runs. */
const running: Status[] = ['registered', 'inProgress'];

/** Who may take each action, and from which states. */
const rules: Record<Action['type'], { from: Status[]; by: (Role | 'system' | 'applicant')[] }> = {
  confirmReceipt: { from: ['registered'], by: ['handler'] },
  requestCorrection: { from: ['registered', 'inProgress'], by: ['handler'] },
  receiveCorrection: { from: ['correctionRequested'], by: ['handler', 'applicant'] },
  expireCorrection: { from: ['correctionRequested'], by: ['system'] },
  startConsultation: { from: ['inProgress'], by: ['handler'] },
  recordConsultationReply: { from: ['consulting'], by: ['handler'] },
  requestExtension: { from: ['inProgress'], by: ['handler'] },
  decideExtension: { from: ['inProgress', 'consulting', 'feeNotice'], by: ['reviewer'] },
  sendFeeNotice: { from: ['inProgress'], by: ['handler'] },
  recordPayment: { from: ['feeNotice'], by: ['handler'] },
  expireFee: { from: ['feeNotice'], by: ['system'] },
  answer: { from: ['inProgress'], by: ['handler'] },
  close: { from: ['answered'], by: ['handler'] },
  withdraw: { from: open, by: ['handler'] },
  assign: { from: all, by: ['handler', 'reviewer'] },
  note: { from: all, by: ['handler', 'reviewer'] },
  remind: { from: running, by: ['system'] },
  markOverdue: { from: running, by: ['system'] },
};

/** The limits of what staff type into a step: the API's validation and the console's forms both read them. */
export const stepLimits = {
  text: 500,
  correctionItems: 20,
  correctionPeriodDays: { min: 1, max: 30 },
  extensionDays: { min: 1, max: maxExtensionDays },
  feeQuantity: { min: 1, max: 100_000 },
  answerFiles: 20,
} as const;

const mayTake = (type: Action['type'], actor: Actor) => {
  const { by } = rules[type];
  return typeof actor === 'string' ? by.includes(actor) : actor.roles.some((role) => by.includes(role));
};

/** Steps the state has used up or does not offer yet (each is refused by `transition` with its reason). */
const unavailable: Partial<Record<Action['type'], (state: CaseState) => boolean>> = {
  requestCorrection: (state) => Boolean(state.correction),
  requestExtension: (state) => Boolean(state.clock.extension || state.extensionRequest),
  decideExtension: (state) => !state.extensionRequest,
  sendFeeNotice: (state) => Boolean(state.fee),
};

/**
 * The steps this actor may take in this state: the roles and states of the rules, less the steps
 * used up (one correction, one extension, one fee notice). What the console offers staff.
 */
export const allowedActions = (state: CaseState, actor: Actor): Action['type'][] =>
  (Object.keys(rules) as Action['type'][]).filter(
    (type) => mayTake(type, actor) && rules[type].from.includes(state.status) && !unavailable[type]?.(state),
  );

/** Actions that leave the applicant's view as it was: the audit trail records them for staff only. */
export const internalActions: ReadonlySet<Action['type']> = new Set([
  'requestExtension',
  'assign',
  'note',
  'remind',
  'markOverdue',
]);

/** Days the reminder looks ahead (working days). */
export const reminderDays = 3;

const consultationDays = 15; // 条例32, 34
const feePaymentDays = 20; // 109号

/** How far before its online submission a paper application may have reached the office. */
export const paperReceiptMaxDays = 30;

/**
 * A receipt date staff correct (条例31): not after today; not before the online submission unless
 * the same application reached the office on paper first, and then at most `paperReceiptMaxDays`
 * before; a day off moves to the next working day (`receiptDay`).
 */
function correctedReceiptDate(
  calendar: WorkingCalendar,
  date: IsoDate,
  { today, submittedOn, onPaper }: { today: IsoDate; submittedOn: IsoDate; onPaper: boolean },
) {
  if (date > today) throw new IllegalTransition(`收到申请之日不能晚于今天（${formatDate(today, false)}）。`);
  if (date < submittedOn && !onPaper) {
    throw new IllegalTransition(
      `收到申请之日不能早于网络提交之日（${formatDate(submittedOn, false)}）；如此前已收到同一申请的纸质件，请选择“此前已收到纸质申请”。`,
    );
  }
  const earliest = addDays(submittedOn, -paperReceiptMaxDays);
  if (date < earliest)
    throw new IllegalTransition(
      `纸质申请的收到之日最早为网络提交前 ${paperReceiptMaxDays} 日（${formatDate(earliest, false)}）；更早收到的申请请按纸质申请另行登记。`,
    );
  const day = receiptDay(calendar, date);
  return {
    date: day.date,
    note: `${date < submittedOn ? '，此前已收到纸质申请' : ''}${day.note ? `；${day.note}` : ''}`,
  };
}

/**
 * The receipt date registered before the confirmation (at submission, or by the old system for a
 * case carried over), by the same rule (`receiptDay`). Where the calendar lacks its year it stays
 * as registered: the deadline waits for that year anyway.
 */
function registeredReceiptDate(calendar: WorkingCalendar, registered: IsoDate): { date: IsoDate; note?: string } {
  try {
    return receiptDay(calendar, registered);
  } catch (error) {
    if (error instanceof CalendarGapError) return { date: registered };
    throw error;
  }
}

/** 补正期限: as fixed when asked or, where it then reached a year the calendar lacked, counted now. */
export function correctionDue(
  calendar: WorkingCalendar,
  correction: Pick<NonNullable<CaseState['correction']>, 'requestedOn' | 'dueBy' | 'periodDays'>,
): PeriodEnd {
  if (correction.dueBy) return { date: correction.dueBy };
  return periodEnd(calendar, correction.requestedOn, correction.periodDays ?? 0);
}

/**
 * 条例33: an extension is asked for and approved while the reply period runs. A paused clock has
 * not run out; a deadline in a year the calendar lacks, later than today's, has not either.
 */
function withinReplyPeriod(calendar: WorkingCalendar, state: CaseState, today: IsoDate, what: string) {
  let due: IsoDate | null;
  try {
    due = replyDue(calendar, state.clock).due;
  } catch (error) {
    if (error instanceof CalendarGapError && yearOf(today) < error.year) return;
    throw error;
  }
  if (due && today > due) {
    throw new IllegalTransition(
      `答复期限已于${formatDate(due, false)}届满，不能再${what}：延长答复期限应在答复期限内经批准并告知申请人（条例第三十三条）。`,
    );
  }
}

const actorName = (actor: Actor) => (actor === 'system' ? '系统' : actor === 'applicant' ? '申请人' : actor.username);

export function transition(
  state: CaseState,
  action: Action,
  { calendar, today, actor, submittedOn }: Context,
): { state: CaseState; event: AuditEvent; receiptNote?: string } {
  const rule = rules[action.type];
  if (!mayTake(action.type, actor)) throw new IllegalTransition('您的角色不能执行此操作。');
  if (!rule.from.includes(state.status))
    throw new IllegalTransition(`申请当前状态下不能执行此操作（${action.type}）。`);

  const next: CaseState = structuredClone(state);
  const event = (text: string): AuditEvent => ({
    type: action.type,
    actor: actorName(actor),
    ...(typeof actor === 'object' && actor.name && { actorName: actor.name }),
    on: today,
    text,
  });

  switch (action.type) {
    case 'confirmReceipt': {
      let note = '';
      if (action.receiptDate && action.receiptDate !== state.clock.receiptDate) {
        if (!action.reason) throw new IllegalTransition('更正收到申请之日须说明理由。');
        const corrected = correctedReceiptDate(calendar, action.receiptDate, {
          today,
          submittedOn: submittedOn ?? state.clock.receiptDate,
          onPaper: action.receivedOnPaper === true,
        });
        next.clock.receiptDate = corrected.date;
        note = `（更正理由：${clause(action.reason)}${corrected.note}）`;
      } else {
        const registered = registeredReceiptDate(calendar, state.clock.receiptDate);
        next.clock.receiptDate = registered.date;
        if (registered.note) note = `（${registered.note}）`;
      }
      next.status = 'inProgress';
      if (action.identityConfirmed && typeof actor === 'object')
        next.identityConfirmed = { on: today, by: actor.username };
      const received = `收到申请之日为${formatDate(next.clock.receiptDate)}${note}。`;
      return {
        state: next,
        event: event(`确认收到申请，${received}${next.identityConfirmed ? '已核对申请人身份证明。' : ''}`),
        // The note registered at submission named the old day: it is replaced, not repeated.
        ...(next.clock.receiptDate !== state.clock.receiptDate && { receiptNote: `经工作人员确认，${received}` }),
      };
    }
    case 'requestCorrection': {
      if (state.correction) throw new IllegalTransition('补正只能告知一次（条例第三十条）。');
      // The 7th working day in a year the calendar lacks is later than today, in a year it has.
      const lastDay = periodEnd(calendar, state.clock.receiptDate, correctionNoticeDays);
      if (lastDay.date === null) {
        if (yearOf(today) >= lastDay.year) throw new CalendarGapError(lastDay.year);
      } else if (today > lastDay.date)
        throw new IllegalTransition(
          `应在收到申请之日起 ${correctionNoticeDays} 个工作日内（${formatDate(lastDay.date)}前）一次性告知补正，已逾期。`,
        );
      // A period reaching a year the calendar lacks is taken as an extension is: its end waits for the year.
      const dueBy = periodEnd(calendar, today, action.periodDays);
      next.correction = { requestedOn: today, items: action.items, dueBy: dueBy.date, periodDays: action.periodDays };
      next.status = 'correctionRequested';
      next.clock.pauses = [...(state.clock.pauses ?? []), { from: today, reason: '等待申请人补正' }];
      const until =
        dueBy.date === null
          ? `补正期限为 ${action.periodDays} 个工作日，截止日期待 ${dueBy.year} 年放假安排录入后确定`
          : `补正期限至${formatDate(dueBy.date)}`;
      return { state: next, event: event(`告知补正：${action.items.map(clause).join('；')}。${until}。`) };
    }
    case 'receiveCorrection': {
      next.correction = { ...state.correction!, receivedOn: today, ...(action.text && { text: action.text }) };
      next.clock.pauses = closePause(state.clock.pauses, today);
      next.clock.restarts = [...(state.clock.restarts ?? []), { date: today, reason: '申请人补正' }];
      next.status = 'inProgress';
      const how = actor === 'applicant' ? '申请人通过办理进度页面提交补正' : '收到补正后的申请';
      return {
        state: next,
        event: event(
          `${how}，答复期限自${formatDate(today)}的次日起重新计算。${action.text ? `补正内容：${sentence(action.text)}` : ''}`,
        ),
      };
    }
    case 'expireCorrection': {
      const dueBy = correctionDue(calendar, state.correction!).date;
      if (!dueBy || today <= dueBy) throw new IllegalTransition('补正期限尚未届满。');
      next.status = 'abandoned';
      end(next, otherEndings.noCorrection, today);
      return { state: next, event: event('申请人无正当理由逾期未补正，视为放弃申请（条例第三十条）。') };
    }
    case 'startConsultation': {
      const dueBy = nthWorkingDay(calendar, today, consultationDays);
      next.consultation = { party: action.party, kind: action.kind, sentOn: today, dueBy };
      next.clock.pauses = [...(state.clock.pauses ?? []), { from: today, reason: `征求${action.party}意见` }];
      next.status = 'consulting';
      return {
        state: next,
        event: event(`书面征求${action.party}意见，答复期限至${formatDate(dueBy)}，其间不计入答复期限。`),
      };
    }
    case 'recordConsultationReply': {
      next.clock.pauses = closePause(state.clock.pauses, today);
      next.status = 'inProgress';
      return { state: next, event: event(`收到${state.consultation!.party}的意见：${sentence(action.reply)}`) };
    }
    case 'requestExtension': {
      if (state.clock.extension) throw new IllegalTransition('答复期限只能延长一次（条例第三十三条）。');
      if (state.extensionRequest) throw new IllegalTransition('已有待审批的延期申请。');
      if (!Number.isInteger(action.days) || action.days < 1 || action.days > maxExtensionDays)
        throw new IllegalTransition(`延长期限应为 1 至 ${maxExtensionDays} 个工作日。`);
      withinReplyPeriod(calendar, state, today, '申请延期');
      next.extensionRequest = { days: action.days, reason: action.reason, requestedBy: actorName(actor) };
      return {
        state: next,
        event: event(`申请延长答复期限 ${action.days} 个工作日，理由：${sentence(action.reason)}`),
      };
    }
    case 'decideExtension': {
      if (!state.extensionRequest) throw new IllegalTransition('没有待审批的延期申请。');
      // Four eyes: whoever asked for the extension does not approve it (someone both handler and reviewer).
      if (action.approve && typeof actor === 'object' && actor.username === state.extensionRequest.requestedBy)
        throw new IllegalTransition('延期须由申请延期以外的另一名审核人批准，不能批准自己提出的延期申请。');
      delete next.extensionRequest;
      if (!action.approve) return { state: next, event: event(`不同意延期：${sentence(action.reason)}`) };
      withinReplyPeriod(calendar, state, today, '批准延期');
      next.clock.extension = { days: state.extensionRequest.days, approvedOn: today };
      return {
        state: next,
        event: event(`同意延长答复期限 ${state.extensionRequest.days} 个工作日（${clause(action.reason)}）。`),
      };
    }
    case 'sendFeeNotice': {
      // One notice per application: its amount is what the annual report's 六 counts.
      if (state.fee) throw new IllegalTransition('本申请已发出过收费通知，不能再次收费。');
      const dueBy = nthWorkingDay(calendar, today, feePaymentDays);
      next.fee = { calculation: action.calculation, reason: action.reason, noticeOn: today, dueBy };
      next.clock.pauses = [...(state.clock.pauses ?? []), { from: today, reason: '等待申请人缴纳信息处理费' }];
      next.status = 'feeNotice';
      return {
        state: next,
        event: event(
          `发出收费通知，金额 ${action.calculation.total} 元，缴费期限至${formatDate(dueBy)}（超出合理范围的情况：${clause(action.reason)}）。`,
        ),
      };
    }
    case 'recordPayment': {
      next.fee = { ...state.fee!, paidOn: today };
      next.clock.pauses = closePause(state.clock.pauses, today);
      next.status = 'inProgress';
      return { state: next, event: event(`申请人已缴纳信息处理费 ${state.fee!.calculation.total} 元。`) };
    }
    case 'expireFee': {
      if (today <= state.fee!.dueBy) throw new IllegalTransition('缴费期限尚未届满。');
      next.status = 'abandoned';
      end(next, otherEndings.noPayment, today);
      return { state: next, event: event('申请人逾期未缴纳信息处理费，视为放弃申请。') };
    }
    case 'answer': {
      const { type: _type, ...answer } = action;
      if (!answer.basis.trim()) throw new IllegalTransition('答复须写明法律依据。');
      if (answer.outcome === 'partial' && !answer.files?.length)
        throw new IllegalTransition('部分公开须附上经区分处理后提供的文件。');
      if (answer.outcome === 'disclosed' && !answer.files?.length && !answer.location?.trim()) {
        throw new IllegalTransition('予以公开须附上提供的文件，或写明已主动公开信息的获取方式。');
      }
      // The letters end each of these with their own 。, so what staff typed ends without one.
      next.outcome = {
        ...answer,
        basis: clause(answer.basis),
        ...(answer.location && { location: clause(answer.location) }),
        answeredOn: today,
      };
      const took = timeTaken(calendar, state.clock, today);
      if (took) next.answeredIn = took;
      end(next, answer.outcome, today);
      next.status = 'answered';
      const files = answer.files?.length ? `提供文件 ${answer.files.length} 份。` : '';
      return {
        state: next,
        event: event(`作出答复：${outcomes[answer.outcome]}。依据：${next.outcome.basis}。${files}`),
      };
    }
    case 'close':
      next.status = 'closed';
      return { state: next, event: event('办结。') };
    case 'withdraw':
      next.status = 'withdrawn';
      end(next, otherEndings.withdrawn, today);
      next.clock.pauses = closePause(state.clock.pauses, today);
      return { state: next, event: event(`申请人撤回申请：${sentence(action.reason)}`) };
    case 'assign':
      next.assignee = action.assignee;
      if (action.assigneeName) next.assigneeName = action.assigneeName;
      else delete next.assigneeName;
      return { state: next, event: event(`指定经办人：${action.assigneeName ?? action.assignee}。`) };
    case 'note':
      return { state: next, event: event(`内部备注：${sentence(action.text)}`) };
    case 'remind': {
      const due = replyDue(calendar, state.clock).due;
      if (!due || state.remindedFor === due) throw new IllegalTransition('无需提醒。');
      next.remindedFor = due;
      return { state: next, event: event(`提醒：答复期限${formatDate(due)}，距今不足 ${reminderDays} 个工作日。`) };
    }
    case 'markOverdue': {
      const due = replyDue(calendar, state.clock).due;
      if (!due || due >= today || state.overdueFor === due) throw new IllegalTransition('未逾期。');
      next.overdueFor = due;
      return { state: next, event: event(`已超过答复期限（${formatDate(due)}），请尽快答复。`) };
    }
  }
}

/** How long an answer took; none where the period reaches a year without calendar data (the statistics count it apart). */
export function timeTaken(calendar: WorkingCalendar, clock: ClockInput, today: IsoDate) {
  try {
    return workingDaysUsed(calendar, clock, today);
  } catch (error) {
    if (error instanceof CalendarGapError) return undefined;
    throw error;
  }
}

function end(state: CaseState, reportRow: string, today: IsoDate) {
  state.reportRow = reportRow;
  state.endedOn = today;
}

/**
 * What the daily sweep does to one application today, in order: expire a correction or fee period
 * that has run out, or mark an overdue reply, or remind of one due within `reminderDays`. Each
 * happens once (the state remembers the date it was done for), so the sweep may run any number of times.
 */
export function sweepAction(state: CaseState, calendar: WorkingCalendar, today: IsoDate): Action | undefined {
  if (state.status === 'correctionRequested') {
    const dueBy = correctionDue(calendar, state.correction!).date;
    return dueBy && today > dueBy ? { type: 'expireCorrection' } : undefined;
  }
  if (state.status === 'feeNotice' && today > state.fee!.dueBy) return { type: 'expireFee' };
  if (!running.includes(state.status)) return undefined;
  const due = replyDue(calendar, state.clock).due;
  if (!due) return undefined;
  if (due < today) return state.overdueFor === due ? undefined : { type: 'markOverdue' };
  if (due <= nthWorkingDay(calendar, today, reminderDays) && state.remindedFor !== due) return { type: 'remind' };
  return undefined;
}

/** Where an application whose deadline (or correction period) ends in a year the calendar lacks waits: every sweep looks at it. */
export const sweepEveryDay = '0000-00-00';

/**
 * The first day on which `sweepAction` has something to do, so that the sweep reads only what is due:
 * the day after a correction or fee period ends; for a running reply period the day of its reminder
 * (the first day from which the deadline is within `reminderDays` working days) or, once reminded,
 * the day after the deadline; none once marked overdue, or while nothing can fall due without a
 * step. `sweepEveryDay` when the
 * deadline or the correction period ends in a year the calendar lacks.
 */
export function sweepOn(calendar: WorkingCalendar, state: CaseState): IsoDate | null {
  if (state.status === 'correctionRequested') {
    const dueBy = correctionDue(calendar, state.correction!).date;
    return dueBy ? addDays(dueBy, 1) : sweepEveryDay;
  }
  if (state.status === 'feeNotice') return addDays(state.fee!.dueBy, 1);
  if (!running.includes(state.status)) return null;
  try {
    const due = replyDue(calendar, state.clock).due;
    if (!due || state.overdueFor === due) return null;
    if (state.remindedFor !== due) {
      // nthWorkingDay(day, n) never decreases as the day moves on: walk up to the first day it reaches the deadline.
      let day = addDays(due, -(reminderDays * 7 + 30));
      while (nthWorkingDay(calendar, day, reminderDays) < due) day = addDays(day, 1);
      return day;
    }
    return addDays(due, 1);
  } catch (error) {
    if (error instanceof CalendarGapError) return sweepEveryDay;
    throw error;
  }
}

/** Ends the open pause, if any, on `today`. */
function closePause(pauses: ClockInput['pauses'], today: IsoDate): ClockInput['pauses'] {
  return (pauses ?? []).map((pause) => (pause.to ? pause : { ...pause, to: today }));
}

/** Where a state sits: in the staff queue (by its deadline) and in the sweep's agenda (by the day it is next due). */
export interface Placement {
  queueDue: IsoDate | null;
  sweepOn: IsoDate | null;
}

export const placement = (calendar: WorkingCalendar, state: CaseState): Placement => ({
  queueDue: queueDue(calendar, state),
  sweepOn: sweepOn(calendar, state),
});

/**
 * The deadline the staff queue is ordered by, stored with each step: the reply deadline while the
 * application is open and the clock can say (none while paused with no end, or in a year the
 * calendar lacks); none once it has ended.
 */
export function queueDue(calendar: WorkingCalendar, state: CaseState): IsoDate | null {
  if (!openStatuses.includes(state.status)) return null;
  try {
    return replyDue(calendar, state.clock).due;
  } catch (error) {
    if (error instanceof CalendarGapError) return null;
    throw error;
  }
}
