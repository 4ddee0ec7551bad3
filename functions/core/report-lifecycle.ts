/**
 * The annual report's lifecycle (REGULATION.md §5): an agency compiles its year (草稿), submits it
 * when the year is over (已报送), and the county's reviewer returns it (已退回) or approves it, which
 * publishes it (已发布); an earlier year's report may be kept as the document it was (存档). Pure:
 * the handler checks the figures and stores the result with its audit event.
 */
import type { reportAccess } from './access.ts';
import { type AgencyKind, isGovernment } from './agency.ts';
import { sentence } from './sentences.ts';

export const reportStatuses = {
  draft: '编制中',
  submitted: '已报送，待审核',
  returned: '已退回修改',
  published: '已发布',
  archived: '已发布（存档）',
} as const;
export type ReportStatus = keyof typeof reportStatuses;

export type ReportAction =
  | { type: 'save' }
  | { type: 'submit' }
  | { type: 'approve' }
  | { type: 'return'; comments: string };

type Access = ReturnType<typeof reportAccess>;

export class IllegalReportStep extends Error {
  /** `role`: this member of staff may never take the step here; `state`: not now; `input`: the step lacks `field`. */
  readonly reason: 'role' | 'state' | 'input';
  readonly field?: string;
  constructor(message: string, reason: 'role' | 'state' | 'input' = 'state', field?: string) {
    super(message);
    this.name = 'IllegalReportStep';
    this.reason = reason;
    if (field) this.field = field;
  }
}

/** Which access each step needs, from which statuses, and what a refusal says. */
const rules: Record<
  ReportAction['type'],
  { from: ReportStatus[]; needs: 'compile' | 'review'; role: string; state: string }
> = {
  save: { from: ['draft', 'returned'], needs: 'compile', role: '只能编制本机关的年度报告。', state: '不能修改' },
  submit: { from: ['draft', 'returned'], needs: 'compile', role: '只能报送本机关的年度报告。', state: '不能报送' },
  approve: {
    from: ['submitted'],
    needs: 'review',
    role: '年度报告由县人民政府政府信息公开工作主管部门审核。',
    state: '不能审核',
  },
  return: {
    from: ['submitted'],
    needs: 'review',
    role: '年度报告由县人民政府政府信息公开工作主管部门审核。',
    state: '不能审核',
  },
};

export interface ReportContext {
  access: Access;
  year: number;
  /** The current year: a year's report is submitted once the year is over. */
  thisYear: number;
  agencyKind: AgencyKind;
  /** Who is acting, and who submitted the report now awaiting review (four eyes: not the same person). */
  actor: string;
  submittedBy?: string;
}

/** The status a step leads to and the audit text it leaves; throws `IllegalReportStep` where it may not be taken. */
export function reportTransition(
  status: ReportStatus,
  action: ReportAction,
  { access, year, thisYear, agencyKind, actor, submittedBy }: ReportContext,
): { status: ReportStatus; text: string } {
  const rule = rules[action.type];
  if (!access[rule.needs]) throw new IllegalReportStep(rule.role, 'role');
  if (!rule.from.includes(status)) throw new IllegalReportStep(`该年度报告${reportStatuses[status]}，${rule.state}。`);
  if (action.type === 'approve' && submittedBy === actor)
    throw new IllegalReportStep('年度报告须由报送人以外的另一名工作人员审核，不能审核通过自己报送的报告。', 'role');
  switch (action.type) {
    case 'save':
      return { status, text: '保存报告内容。' };
    case 'submit':
      if (year >= thisYear) throw new IllegalReportStep(`${year}年度尚未结束，年度结束后才能报送。`);
      return {
        status: 'submitted',
        text: isGovernment(agencyKind) ? '报送审核。' : '报送县人民政府政府信息公开工作主管部门审核。',
      };
    case 'approve':
      return { status: 'published', text: '审核通过，在政府信息公开专栏发布。' };
    case 'return':
      if (!action.comments.trim()) throw new IllegalReportStep('请填写退回意见', 'input', 'action.comments');
      return { status: 'returned', text: `退回修改：${sentence(action.comments)}` };
  }
}

/** What this member of staff may do with the report now: what the console offers. */
export function reportCan(status: ReportStatus, context: ReportContext) {
  const may = (action: ReportAction) => {
    try {
      reportTransition(status, action, context);
      return true;
    } catch (error) {
      if (error instanceof IllegalReportStep) return error.reason === 'input';
      throw error;
    }
  };
  return {
    edit: may({ type: 'save' }),
    submit: may({ type: 'submit' }),
    review: may({ type: 'approve' }) && may({ type: 'return', comments: '' }),
  };
}
