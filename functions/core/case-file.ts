/**
 * The case file (答辩证据) of one application, for the 复议机关 or the court: what it holds, each
 * date derived again from the stored records (not copied), each letter with its proof of service,
 * and the 证据目录 that lists the files with their SHA-256. Pure: the handler reads the records and
 * the files, this decides what the file says.
 */
import type { Application } from './application.ts';
import { caseStateOf } from './application.ts';
import type { WorkingCalendar } from './calendar.ts';
import { CalendarGapError } from './calendar.ts';
import type { ChainCheck, ChainEvent } from './case-chain.ts';
import { nthWorkingDay, replyDueOrPending } from './clock.ts';
import { formatDate, type IsoDate } from './dates.ts';
import type { Letter } from './letters.ts';
import { proofOf, serviceMethods, type ServedLetter } from './service.ts';
import { correctionDue, timeTaken } from './workflow.ts';

/** One date of the case as stored, derived again from the records, and whether the two agree. */
export interface Derived {
  what: string;
  stored: IsoDate | null;
  derived: IsoDate | null;
  how: string[];
  agrees: boolean;
}

/** A date counted on the calendar, or null where it reaches a year the calendar lacks. */
const derivedOr = (count: () => IsoDate): IsoDate | null => {
  try {
    return count();
  } catch (error) {
    if (error instanceof CalendarGapError) return null;
    throw error;
  }
};

const consultationDays = 15; // 条例32, 34
const feePaymentDays = 20; // 109号

/** Every deadline of the case, counted again on the calendar from the stored clock and steps. */
export function deriveDates(calendar: WorkingCalendar, application: Application): Derived[] {
  const state = caseStateOf(application);
  const dates: Derived[] = [];
  const add = (what: string, stored: IsoDate | null | undefined, derived: IsoDate | null, how: string[]) =>
    // Where nothing was stored (a deadline computed when shown), the derivation stands alone.
    dates.push({ what, stored: stored ?? null, derived, how, agrees: stored == null || stored === derived });
  const reply = replyDueOrPending(calendar, state.clock, (p) => `${p.year} 年放假安排尚未录入，期限待定`);
  // An open case keeps its deadline for the queue (queueDue, null while paused); an ended one keeps none.
  const open = (application as { queueDue?: IsoDate | null }).queueDue;
  add(
    '答复期限（条例第三十三条）',
    open,
    reply.due,
    reply.steps.map((s) => s.text),
  );
  if (state.correction) {
    const c = state.correction;
    add(
      '补正期限（条例第三十条）',
      c.dueBy,
      // Notices from before the period was kept give no count to redo: their date stands.
      c.periodDays ? correctionDue(calendar, { ...c, dueBy: null }).date : c.dueBy,
      [`${formatDate(c.requestedOn, false)}告知补正${c.periodDays ? `，${c.periodDays} 个工作日` : ''}`],
    );
  }
  if (state.consultation) {
    const c = state.consultation;
    add(
      '征求意见期限（条例第三十二条、第三十四条）',
      c.dueBy,
      derivedOr(() => nthWorkingDay(calendar, c.sentOn, consultationDays)),
      [`${formatDate(c.sentOn, false)}发出征求意见书，${consultationDays} 个工作日`],
    );
  }
  if (state.fee) {
    const f = state.fee;
    add(
      '缴费期限（国办函〔2020〕109号）',
      f.dueBy,
      derivedOr(() => nthWorkingDay(calendar, f.noticeOn, feePaymentDays)),
      [`${formatDate(f.noticeOn, false)}发出收费通知，${feePaymentDays} 个工作日`],
    );
  }
  if (state.outcome && state.answeredIn) {
    const met = state.outcome.postedOn ?? state.outcome.answeredOn;
    const took = timeTaken(calendar, state.clock, met);
    dates.push({
      what: `答复用时（计至${state.outcome.postedOn ? '交邮之日' : '答复之日'}${formatDate(met, false)}）`,
      stored: null,
      derived: null,
      how: [
        `记录：${state.answeredIn.workingDays} 个工作日，${state.answeredIn.onTime ? '按期' : '逾期'}`,
        `重算：${took ? `${took.workingDays} 个工作日，${took.onTime ? '按期' : '逾期'}` : '日历未覆盖，无法重算'}`,
      ],
      agrees: Boolean(
        took && took.workingDays === state.answeredIn.workingDays && took.onTime === state.answeredIn.onTime,
      ),
    });
  }
  return dates;
}

/** Each letter to the applicant with how it was served, or the flag that nothing proves it. */
export function serviceRecords(
  application: Application,
  letters: readonly (ServedLetter & { title: string; readAt?: string })[],
) {
  const state = caseStateOf(application);
  return letters
    .filter((l) => l.toApplicant)
    .map((letter) => {
      const proof = proofOf(letter, state);
      return {
        number: letter.number,
        title: letter.title,
        issuedOn: letter.issuedOn,
        served: proof ? { ...proof, methodLabel: serviceMethods[proof.method] } : null,
        flag: proof ? undefined : '未记录送达：无送达证明',
      };
    });
}

/** A file of the case file: where it sits in the archive, what it is and what it proves. */
export interface CaseFileEntry {
  path: string;
  title: string;
  proves: string;
  sha256: string;
  size: number;
}

/**
 * The 证据目录 as a document (laid out as the letters are): the entries with their hashes, whether
 * the record's chain holds, and which letters lack proof of service.
 */
export function catalogueLetter(facts: {
  agencyName: string;
  receiptNumber: string;
  title: string;
  entries: readonly CaseFileEntry[];
  chain: ChainCheck;
  unserved: readonly string[];
  mismatched: readonly string[];
  exportedOn: IsoDate;
  exportedBy: string;
}): Letter {
  const { chain } = facts;
  return {
    kind: 'reply',
    title: '政府信息公开申请答辩证据目录',
    number: `受理编号：${facts.receiptNumber}`,
    issuedOn: facts.exportedOn,
    agencyName: facts.agencyName,
    recipient: '',
    toApplicant: false,
    paragraphs: [
      `申请事项：“${facts.title}”。下列证据均附于本目录所在的压缩包内，每份文件的 SHA-256 哈希值列于其后（全部哈希值见 manifest.json）。`,
      chain.intact
        ? `办理记录完整性：经校验，办理记录的哈希链完整，共 ${chain.verified} 条记录与记录时的哈希一致${chain.legacy ? `（另有 ${chain.legacy} 条记录早于哈希链启用，未纳入校验）` : ''}，申请的当前状态与最后一步记录一致。`
        : `办理记录完整性：经校验，办理记录的哈希链断裂，记录在写入后被改动：${chain.problems.join('；')}。`,
      facts.unserved.length ? `未记录送达的文书：${facts.unserved.join('、')}。` : '所列文书均有送达记录。',
      facts.mismatched.length
        ? `按记录重新计算与记录不一致的期限：${facts.mismatched.join('、')}。`
        : '各项期限均已按记录重新计算，与记录一致。',
    ],
    listAfter: 1,
    list: facts.entries.map((e) => `${e.title}（${e.path}）：${e.proves}。SHA-256：${e.sha256}`),
    closing: [`导出人：${facts.exportedBy}；导出日期：${formatDate(facts.exportedOn, false)}`],
  };
}

export type { ChainEvent };
