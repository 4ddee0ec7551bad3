/**
 * The steps staff may take on an application, as forms: which (the state machine's `allowedActions`),
 * their labels, and the fields each asks for with the limits the API applies. The console renders
 * these and nothing else, so the rules live once, in `workflow.ts`.
 */
import { maxUploadBytes, uploadTypes } from './application.ts';
import { choices, type FormField, type StepForm } from './forms.ts';
import type { Role } from './staff.ts';
import { allowedActions, outcomes, paperReceiptMaxDays, stepLimits, type CaseState } from './workflow.ts';

const text = (name: string, label: string, required = true, kind: 'text' | 'multiline' = 'text'): FormField => ({
  name,
  label,
  kind,
  maxLength: stepLimits.text,
  required,
});
const multiline = (name: string, label: string) => text(name, label, true, 'multiline');

/** Each step staff take, with its label and fields (the sweep's own steps have none). */
const staffSteps = {
  confirmReceipt: {
    label: '确认收到申请',
    fields: [
      { name: 'receiptDate', label: '更正收到申请之日（如需；不晚于今天，非工作日顺延）', kind: 'date' },
      {
        name: 'receivedOnPaper',
        label: '收到方式',
        kind: 'choice',
        choices: [
          { value: false, label: '以网络提交为准' },
          { value: true, label: `此前已收到纸质申请（最早网络提交前 ${paperReceiptMaxDays} 日）` },
        ],
      },
      text('reason', '更正理由（更正收到申请之日时填写）', false),
      {
        name: 'identityConfirmed',
        label: '申请人身份（按件收费时，只有核对过身份的申请计为同一申请人）',
        kind: 'choice',
        choices: [
          { value: true, label: '已核对申请人身份证明，确认为本人' },
          { value: false, label: '未核对' },
        ],
      },
    ],
  },
  requestCorrection: {
    label: '告知补正',
    fields: [
      {
        name: 'items',
        label: '补正事项（每行一项）',
        kind: 'lines',
        maxItems: stepLimits.correctionItems,
        maxLength: stepLimits.text,
        required: true,
      },
      {
        name: 'periodDays',
        label: '补正期限（工作日）',
        kind: 'number',
        ...stepLimits.correctionPeriodDays,
        value: 10,
        required: true,
      },
    ],
  },
  receiveCorrection: { label: '收到补正', fields: [] },
  startConsultation: {
    label: '征求第三方或共同制作机关意见',
    fields: [
      text('party', '征求意见对象'),
      {
        name: 'kind',
        label: '类型',
        kind: 'choice',
        required: true,
        choices: choices({ thirdParty: '第三方（条例第三十二条）', coProducer: '共同制作机关（条例第三十四条）' }),
      },
    ],
  },
  recordConsultationReply: { label: '记录意见', fields: [multiline('reply', '意见内容')] },
  requestExtension: {
    label: '申请延期',
    fields: [
      {
        name: 'days',
        label: `延长天数（工作日，最多 ${stepLimits.extensionDays.max}）`,
        kind: 'number',
        ...stepLimits.extensionDays,
        value: stepLimits.extensionDays.max,
        required: true,
      },
      multiline('reason', '延期理由'),
    ],
  },
  decideExtension: {
    label: '审批延期',
    fields: [
      {
        name: 'approve',
        label: '审批结果',
        kind: 'choice',
        required: true,
        choices: [
          { value: true, label: '同意延期' },
          { value: false, label: '不同意' },
        ],
      },
      text('reason', '审批意见'),
    ],
  },
  sendFeeNotice: {
    label: '发出收费通知',
    preview: 'fee',
    fields: [
      {
        name: 'scheme',
        label: '收费方式',
        kind: 'choice',
        required: true,
        choices: choices({ perPage: '按量计收（页）', perItem: '按件计收（件）' }),
      },
      { name: 'quantity', label: '页数或件数', kind: 'number', ...stepLimits.feeQuantity, required: true },
      multiline('reason', '超出合理范围的情况（写入收费通知，如“本月已申请 12 件，所涉信息共 300 余页”）'),
    ],
  },
  recordPayment: { label: '记录已缴费', fields: [] },
  answer: {
    label: '作出答复',
    fields: [
      { name: 'outcome', label: '答复类型', kind: 'choice', required: true, choices: choices(outcomes) },
      multiline('basis', '法律依据'),
      text('location', '已主动公开信息的获取方式（予以公开时可填）', false),
      text('responsibleAgency', '负责公开的机关（本机关不掌握时填写）', false),
      {
        name: 'files',
        label: `提供的文件（公开或经区分处理的文件，${Object.values(uploadTypes).join('/')}，每个不超过 ${maxUploadBytes / 1024 / 1024} MB）`,
        kind: 'files',
        accept: Object.keys(uploadTypes).join(','),
        maxFiles: stepLimits.answerFiles,
        maxBytes: maxUploadBytes,
      },
    ],
  },
  close: { label: '办结', fields: [] },
  withdraw: { label: '申请人撤回', fields: [text('reason', '撤回情况')] },
  assign: { label: '指定经办人', fields: [] },
  note: { label: '内部备注', fields: [multiline('text', '备注')] },
} satisfies Record<string, Omit<StepForm, 'type'>>;
export type StaffStep = keyof typeof staffSteps;

/**
 * The forms of the steps this member of staff may take now, in the order staff meet them. The
 * assignee is chosen from the agency's staff, so that form lists them.
 */
export function applicationStepForms(
  state: CaseState,
  actor: { username: string; roles: Role[] },
  colleagues: { username: string; name: string }[],
): StepForm<StaffStep>[] {
  return allowedActions(state, actor)
    .filter((type): type is StaffStep => type in staffSteps)
    .map((type) => {
      const step: Omit<StepForm, 'type'> = staffSteps[type];
      const fields: FormField[] =
        type === 'assign'
          ? [
              {
                name: 'assignee',
                label: '经办人',
                kind: 'choice',
                required: true,
                choices: colleagues.map((m) => ({ value: m.username, label: `${m.name}（${m.username}）` })),
              },
            ]
          : step.fields;
      return { type, ...step, fields };
    });
}
