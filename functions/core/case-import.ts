/**
 * Applications still open in the old system (or on paper), carried over: who applied, what for,
 * when it was received, and what was done so far (补正, 征求意见, 延期), replayed through the same
 * state machine on the days they happened, so the statutory clock continues where it stands and the
 * case counts as 上年结转 in the year after its receipt. Pure: the handler numbers and stores them.
 */
import { organisationTypes, type Applicant, type Delivery, type InformationRequest } from './application.ts';
import { CalendarGapError, type WorkingCalendar } from './calendar.ts';
import { formatDate, parseDate, type IsoDate } from './dates.ts';
import { type CaseColumn, caseColumns } from './import-columns.ts';
import {
  checkIdDocument,
  idDocumentTypes,
  isCreditCode,
  isPhoneNumber,
  normaliseIdNumber,
  type IdDocumentType,
} from './identity.ts';
import {
  IllegalTransition,
  stepLimits,
  transition,
  type Action,
  type Actor,
  type AuditEvent,
  type CaseState,
} from './workflow.ts';

/** The columns of carried-over cases, by their API names, with the Chinese name each error is given under. */
export { caseColumns, type CaseColumn };

export const casesPerCall = 200;

export interface CaseRowError {
  row: number;
  field: CaseColumn | 'row';
  message: string;
}

export interface CarriedCase {
  row: number;
  oldNumber: string;
  receivedOn: IsoDate;
  applicant: Applicant;
  request: InformationRequest;
  delivery: Delivery;
  /** How it was submitted, as the register says (网上申请, 挂号信 …), for the record. */
  channel?: string;
  state: CaseState;
  events: AuditEvent[];
}

const text = (value: unknown) =>
  value === undefined || value === null
    ? ''
    : String(value)
        .normalize('NFKC')
        .replace(/\u00a0/g, ' ')
        .trim();

/** Words for an applicant that is an organisation, when the register does not say which kind. */
const organisationWords = ['法人或其他组织', '法人', '其他组织', '非法人组织', '单位', 'organisation'];
/** What a field the old register did not keep says. */
const notRecorded = '（原登记未载明）';

/** 获取方式 as registers write it: what the applicant asked to receive, and how. */
export function deliveryOf(value: string): Delivery | undefined {
  if (!value) return { medium: 'paper', method: 'post' };
  if (/电子邮件|邮箱|email/i.test(value)) return { medium: 'email', method: 'email' };
  if (/光盘/.test(value)) return { medium: 'disc', method: /领取|自取/.test(value) ? 'pickup' : 'post' };
  if (/查阅|抄录|阅读/.test(value)) return { medium: 'paper', method: 'onsite' };
  if (/领取|自取/.test(value)) return { medium: 'paper', method: 'pickup' };
  if (/邮寄|纸质/.test(value)) return { medium: 'paper', method: 'post' };
  return undefined;
}

/**
 * Someone the old system's record names (a handler, the head who approved an extension): not an
 * account here, so a name no account can have (`原系统:` + the name), with the roles the step needs.
 */
const recorded = (name: string): Actor => ({ username: `原系统:${name}`, name, roles: ['handler', 'reviewer'] });

/** The replay's actor: the member of staff entering the record, with the roles each recorded step needs. */
export interface ImportActor {
  username: string;
  name?: string;
}

/**
 * Checks the rows and replays each one's history: every error by row and field (a step the state
 * machine refuses is an error of its date's column, in the machine's words).
 */
export function checkCaseRows(
  rows: readonly Record<string, unknown>[],
  context: { calendar: WorkingCalendar; today: IsoDate; actor: ImportActor; firstRow?: number },
): { cases: CarriedCase[]; errors: CaseRowError[] } {
  const cases: CarriedCase[] = [];
  const errors: CaseRowError[] = [];
  const seen = new Map<string, number>();
  rows.forEach((input, i) => {
    const row = typeof input.row === 'number' && Number.isInteger(input.row) ? input.row : (context.firstRow ?? 1) + i;
    const rowErrors: CaseRowError[] = [];
    const fail = (field: CaseColumn | 'row', message: string) =>
      rowErrors.push({
        row,
        field,
        message: `第 ${row} 行 ${field === 'row' ? '' : `${caseColumns[field]}：`}${message}`,
      });
    const required = (field: CaseColumn, max: number) => {
      const value = text(input[field]);
      if (!value) fail(field, '请填写');
      else if (value.length > max) fail(field, `不能超过 ${max} 个字符`);
      return value;
    };
    const date = (field: CaseColumn, must: boolean) => {
      const raw = input[field];
      if (raw === undefined || raw === null || text(raw) === '') {
        if (must) fail(field, '请填写');
        return undefined;
      }
      const parsed = parseDate(typeof raw === 'number' ? raw : text(raw));
      if (!parsed) fail(field, `「${text(raw)}」不是有效日期（应如 2026-03-05）`);
      else if (parsed > context.today) fail(field, `不能晚于今天（${formatDate(context.today, false)}）`);
      else return parsed;
      return undefined;
    };
    const oldNumber = required('oldNumber', 60);
    const receivedOn = date('receivedOn', true);
    const type = text(input.applicantType) || '公民';
    // The kind of organisation (table 三's column): in the type itself, or in a column of its own (法人类别).
    const kindText = text(input.orgType);
    const orgType = Object.entries(organisationTypes).find(
      ([, label]) => type === label || type === `法人或其他组织(${label})` || kindText === label,
    )?.[0];
    if (kindText && !orgType) fail('orgType', `「${kindText}」应为${Object.values(organisationTypes).join('、')}之一`);
    const person = ['公民', '自然人', '个人', 'person'].includes(type);
    if (!person && !orgType && !organisationWords.includes(type))
      fail(
        'applicantType',
        `「${type}」应为“公民”或法人或其他组织的类型（${Object.values(organisationTypes).join('、')}）`,
      );
    const name = required('name', 100);
    const phone = required('phone', 40);
    if (phone && !isPhoneNumber(phone)) fail('phone', '不是有效的电话号码');
    const email = text(input.email);
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) fail('email', '不是有效的电子邮箱');
    const address = text(input.address);
    let applicant: Applicant | undefined;
    if (person) {
      const idTypeText = text(input.idType) || idDocumentTypes.resident;
      const idType = (Object.entries(idDocumentTypes).find(
        ([key, label]) => idTypeText === label || idTypeText === key,
      )?.[0] ?? undefined) as IdDocumentType | undefined;
      if (!idType) fail('idType', `「${idTypeText}」应为${Object.values(idDocumentTypes).join('、')}之一`);
      // Typed as the old register has it (lower-case x, spaces, full-width): one form, as the form keeps it.
      const idNumber = normaliseIdNumber(required('idNumber', 60));
      const wrong = idType && idNumber ? checkIdDocument(idType, idNumber) : null;
      if (wrong) fail('idNumber', wrong);
      if (idType)
        applicant = {
          kind: 'person',
          name,
          idType,
          idNumber,
          phone,
          ...(email && { email }),
          ...(address && { address }),
        };
    } else {
      // Registers often keep the code under 证件号码 (证件类型 统一社会信用代码).
      const creditCode = normaliseIdNumber(text(input.creditCode) || text(input.idNumber));
      if (!creditCode) fail('creditCode', '请填写');
      else if (!isCreditCode(creditCode)) fail('creditCode', '不是有效的统一社会信用代码');
      // Many registers name only a contact: the record says the representative was not recorded.
      const legalRepresentative = text(input.legalRepresentative) || notRecorded;
      if (legalRepresentative.length > 50) fail('legalRepresentative', '不能超过 50 个字符');
      const contactName = text(input.contactName) || legalRepresentative;
      applicant = {
        kind: 'organisation',
        name,
        orgType: (orgType ?? 'otherOrg') as keyof typeof organisationTypes,
        creditCode,
        legalRepresentative,
        contactName,
        phone,
        ...(email && { email }),
        ...(address && { address }),
      };
    }
    const deliveryText = text(input.delivery);
    const delivery = deliveryOf(deliveryText);
    if (!delivery) fail('delivery', `「${deliveryText}」应为纸质（邮寄或自行领取）、电子邮件、光盘或当场查阅`);
    const channel = text(input.channel);
    if (channel.length > 20) fail('channel', '不能超过 20 个字符');
    const title = required('title', 200);
    const description = text(input.description);
    if (description.length > 2000) fail('description', '不能超过 2000 个字符');
    if (oldNumber && seen.has(oldNumber)) fail('oldNumber', `与第 ${seen.get(oldNumber)} 行相同`);

    // What was done so far, in the order it happened.
    const steps: {
      on: IsoDate;
      field: CaseColumn;
      actions: Action[];
      /** Who took a step in the old system, where the record names them (the four-eyes steps). */
      actors?: Partial<Record<Action['type'], Actor>>;
    }[] = [];
    const correctionOn = date('correctionRequestedOn', false);
    if (correctionOn) {
      const items = text(input.correctionItems)
        .split(/[;；\n]/)
        .map((s) => s.trim())
        .filter(Boolean);
      if (!items.length) items.push(`${notRecorded}（补正内容见原补正告知书）`);
      // The period the old notice actually granted (practice 10–15 working days); 15 when not recorded.
      const periodText = text(input.correctionPeriodDays).replace(/个?工作日$|天$/, '');
      const periodDays = Number(periodText || 15);
      const { min, max } = stepLimits.correctionPeriodDays;
      if (!Number.isInteger(periodDays) || periodDays < min || periodDays > max)
        fail('correctionPeriodDays', `应为 ${min} 至 ${max} 的整数（工作日）`);
      steps.push({
        on: correctionOn,
        field: 'correctionRequestedOn',
        actions: [{ type: 'requestCorrection', items, periodDays }],
      });
      const receivedCorrection = date('correctionReceivedOn', false);
      if (receivedCorrection)
        steps.push({ on: receivedCorrection, field: 'correctionReceivedOn', actions: [{ type: 'receiveCorrection' }] });
    } else if (text(input.correctionReceivedOn)) fail('correctionReceivedOn', '未填写补正告知日期');
    const consultationOn = date('consultationSentOn', false);
    if (consultationOn) {
      const party = text(input.consultationParty);
      if (!party) fail('consultationParty', '征求意见的须填写对象');
      steps.push({
        on: consultationOn,
        field: 'consultationSentOn',
        actions: [{ type: 'startConsultation', party, kind: 'thirdParty' }],
      });
      const replied = date('consultationRepliedOn', false);
      if (replied)
        steps.push({
          on: replied,
          field: 'consultationRepliedOn',
          actions: [{ type: 'recordConsultationReply', reply: '（原系统记录）已收到第三方意见。' }],
        });
    }
    const extensionOn = date('extensionOn', false);
    if (extensionOn) {
      const days = Number(text(input.extensionDays) || 20);
      if (!Number.isInteger(days) || days < 1 || days > 20) fail('extensionDays', '应为 1 至 20 的整数');
      const reason = text(input.extensionReason) || '（原系统记录）需要延长答复期限。';
      // 条例33: approved by the head of the disclosure office, who is not the one who asked for it.
      const requestedBy = text(input.extensionRequestedBy);
      const approvedBy = text(input.extensionApprovedBy);
      if (!requestedBy) fail('extensionRequestedBy', '延期的须填写原系统中申请延期的人员');
      if (!approvedBy) fail('extensionApprovedBy', '延期的须填写原系统中批准延期的负责人');
      else if (approvedBy === requestedBy) fail('extensionApprovedBy', '批准人须为申请延期以外的另一人');
      steps.push({
        on: extensionOn,
        field: 'extensionOn',
        actions: [
          { type: 'requestExtension', days, reason },
          { type: 'decideExtension', approve: true, reason: `（原系统记录）经 ${approvedBy} 批准延长答复期限。` },
        ],
        actors: { requestExtension: recorded(requestedBy), decideExtension: recorded(approvedBy) },
      });
    }
    if (rowErrors.length || !receivedOn || !applicant) {
      errors.push(...rowErrors);
      return;
    }
    steps.sort((a, b) => a.on.localeCompare(b.on));
    const actor: Actor = {
      username: context.actor.username,
      roles: ['handler', 'reviewer'],
      ...(context.actor.name && { name: context.actor.name }),
    };
    let state: CaseState = { status: 'registered', clock: { receiptDate: receivedOn } };
    const events: AuditEvent[] = [];
    const replay: { on: IsoDate; field: CaseColumn; action: Action; actor: Actor }[] = [
      {
        on: receivedOn,
        field: 'receivedOn',
        action: { type: 'confirmReceipt' },
        actor,
      },
      ...steps.flatMap((s) =>
        s.actions.map((action) => ({ on: s.on, field: s.field, action, actor: s.actors?.[action.type] ?? actor })),
      ),
    ];
    let current = replay[0]!;
    try {
      for (const step of replay) {
        current = step;
        if (step.on < receivedOn) throw new IllegalTransition('不能早于收到申请日期。');
        const done = transition(state, step.action, {
          calendar: context.calendar,
          today: step.on,
          actor: step.actor,
          submittedOn: receivedOn,
        });
        state = done.state;
        events.push({ ...done.event, text: `（原系统记录）${done.event.text}` });
      }
    } catch (error) {
      if (error instanceof IllegalTransition || error instanceof CalendarGapError) {
        errors.push({
          row,
          field: current.field,
          message: `第 ${row} 行 按原系统记录办理时：${error instanceof CalendarGapError ? `尚未录入 ${error.year} 年的节假日安排` : error.message}`,
        });
        return;
      }
      throw error;
    }
    seen.set(oldNumber, row);
    cases.push({
      row,
      oldNumber,
      receivedOn,
      applicant,
      request: { title, ...(description && { description }) },
      delivery: delivery!,
      ...(channel && { channel }),
      state,
      events,
    });
  });
  return { cases, errors };
}
