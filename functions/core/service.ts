/**
 * Proof of service (送达) of the letters sent to an applicant (REGULATION.md §3): online (read on the
 * status page), by e-mail (the mail log), by post (the posting date and the EMS or registered-mail
 * number), in person, or left (留置). By post the time limit is met on the day of posting (交邮之日,
 * 国办公开办函〔2016〕235号): a reply served by post counts its time to that day, not to the day staff
 * pressed 答复.
 */
import type { WorkingCalendar } from './calendar.ts';
import { beijingDateTime, formatDate, type IsoDate } from './dates.ts';
import { type AuditEvent, type CaseState, IllegalTransition, timeTaken } from './workflow.ts';

export const serviceMethods = {
  online: '网上送达（申请人在办理进度页面查阅）',
  email: '电子邮件送达',
  post: '邮寄送达',
  person: '直接送达',
  left: '留置送达',
} as const;
export type ServiceMethod = keyof typeof serviceMethods;
/** What staff may record by hand: online service is recorded when the applicant opens the letter. */
export const recordedMethods = ['email', 'post', 'person', 'left'] as const;

export const mailCarriers = { ems: 'EMS', registered: '挂号信' } as const;

export interface Service {
  method: ServiceMethod;
  /** The day served (by post: the posting date, 交邮之日). */
  on: IsoDate;
  /** The moment, where a system saw it (the applicant's reading, the mail server's acceptance). */
  at?: string;
  carrier?: keyof typeof mailCarriers;
  trackingNumber?: string;
  /** Who received it, or (留置) the witnesses and where it was left. */
  note?: string;
  /** The scan of the postal receipt (交寄凭证), linked under the application. */
  scan?: { fileName: string; contentType: string; size: number; key: string };
  recordedBy: string;
}

/** The letter a service is recorded for, as issued. */
export interface ServedLetter {
  version: number;
  kind: string;
  number: string;
  issuedOn: IsoDate;
  toApplicant: boolean;
}

/** EMS and registered-mail numbers: UPU S10 (EA123456789CN) or the 13 digits of domestic EMS. */
export const trackingNumberPattern = /^([A-Z]{2}\d{9}[A-Z]{2}|\d{13})$/;

/**
 * Records how `letter` was served: the day is not before the letter's issue nor after today; by
 * post the carrier and mail number are required, 留置 needs a note (witnesses, place). A reply
 * served by post has its time taken counted to the posting date.
 */
export function recordService(
  state: CaseState,
  letter: ServedLetter,
  service: Service,
  { calendar, today, actorName }: { calendar: WorkingCalendar; today: IsoDate; actorName?: string },
): { state: CaseState; event: AuditEvent } {
  if (!letter.toApplicant) throw new IllegalTransition('征求意见书不送达申请人，无需记录送达。');
  if (service.on < letter.issuedOn)
    throw new IllegalTransition(`送达日期不能早于文书发出之日（${formatDate(letter.issuedOn, false)}）。`);
  if (service.on > today) throw new IllegalTransition(`送达日期不能晚于今天（${formatDate(today, false)}）。`);
  if (service.method === 'post') {
    if (!service.carrier) throw new IllegalTransition('邮寄送达须选择邮寄方式（EMS 或挂号信）。');
    if (!service.trackingNumber || !trackingNumberPattern.test(service.trackingNumber))
      throw new IllegalTransition('邮寄送达须填写邮件号码（如 EA123456789CN 或 13 位数字）。');
  }
  if (service.method === 'left' && !service.note?.trim())
    throw new IllegalTransition('留置送达须写明留置的地点和见证人。');
  const next: CaseState = structuredClone(state);
  next.service = { ...state.service, [String(letter.version)]: service };
  if (letter.kind === 'reply' && next.outcome) {
    if (service.method === 'post') {
      next.outcome.postedOn = service.on;
      const took = timeTaken(calendar, state.clock, service.on);
      if (took) next.answeredIn = took;
      else delete next.answeredIn;
    } else if (state.outcome?.postedOn) {
      // A postal record replaced by another way: the time taken is the answer's again.
      delete next.outcome.postedOn;
      const took = timeTaken(calendar, state.clock, next.outcome.answeredOn);
      if (took) next.answeredIn = took;
    }
  }
  const how = [
    serviceMethods[service.method],
    service.carrier && mailCarriers[service.carrier],
    service.trackingNumber && `邮件号码 ${service.trackingNumber}`,
    service.note?.trim(),
  ]
    .filter(Boolean)
    .join('，');
  return {
    state: next,
    event: {
      type: 'recordService',
      actor: service.recordedBy,
      ...(actorName && { actorName }),
      on: today,
      text: `记录${letter.number}的送达：${how}；${service.method === 'post' ? '交邮之日' : '送达日期'}为${formatDate(service.on)}。`,
    },
  };
}

/** How a letter stands served: the record staff made, else the applicant's reading it online. */
export function proofOf(
  letter: ServedLetter & { readAt?: string },
  state: Pick<CaseState, 'service'>,
): Service | undefined {
  const recorded = state.service?.[String(letter.version)];
  if (recorded) return recorded;
  if (letter.readAt)
    return {
      method: 'online',
      on: beijingDateTime(new Date(letter.readAt)).date,
      at: letter.readAt,
      recordedBy: '系统',
    };
  return undefined;
}
