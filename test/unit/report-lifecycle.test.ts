/**
 * The annual report's lifecycle: every step against every status and every kind of access, legal
 * exactly where the table below (written out from REGULATION.md §5) says, and refused with a reason
 * everywhere else; `reportCan` offers exactly the legal steps.
 */
import { describe, expect, it } from 'vitest';
import {
  IllegalReportStep,
  reportCan,
  reportStatuses,
  reportTransition,
  type ReportAction,
  type ReportContext,
  type ReportStatus,
} from '#core/report-lifecycle.ts';

const statuses = Object.keys(reportStatuses) as ReportStatus[];
const actions: ReportAction[] = [
  { type: 'save' },
  { type: 'submit' },
  { type: 'approve' },
  { type: 'return', comments: '表三数字有误' },
];
const legal: Record<
  ReportAction['type'],
  { from: ReportStatus[]; needs: 'compile' | 'review'; to: (s: ReportStatus) => ReportStatus }
> = {
  save: { from: ['draft', 'returned'], needs: 'compile', to: (s) => s },
  submit: { from: ['draft', 'returned'], needs: 'compile', to: () => 'submitted' },
  approve: { from: ['submitted'], needs: 'review', to: () => 'published' },
  return: { from: ['submitted'], needs: 'review', to: () => 'returned' },
};
const accesses = [
  { read: true, compile: true, review: false, archive: false },
  { read: true, compile: false, review: true, archive: false },
  { read: true, compile: true, review: true, archive: true },
  { read: true, compile: false, review: false, archive: true },
];
const context = (access: ReportContext['access'], year = 2025): ReportContext => ({
  access,
  year,
  thisYear: 2026,
  agencyKind: 'town',
  actor: 'fs-reviewer',
  submittedBy: 'lsh-admin',
});

const outcome = (status: ReportStatus, action: ReportAction, ctx: ReportContext) => {
  try {
    return reportTransition(status, action, ctx).status;
  } catch (error) {
    if (error instanceof IllegalReportStep) return error.reason;
    throw error;
  }
};

describe('every step, status and access', () => {
  for (const access of accesses)
    for (const status of statuses)
      for (const action of actions) {
        const rule = legal[action.type];
        const expected = !access[rule.needs] ? 'role' : rule.from.includes(status) ? rule.to(status) : 'state';
        it(`${action.type} from ${status} with ${JSON.stringify(access)}: ${expected}`, () => {
          expect(outcome(status, action, context(access))).toBe(expected);
        });
      }
});

describe('the rules beyond the table', () => {
  const compiler = accesses[0]!;
  const reviewer = accesses[1]!;
  it('a year is submitted once it is over', () => {
    expect(outcome('draft', { type: 'submit' }, context(compiler, 2026))).toBe('state');
    expect(() => reportTransition('draft', { type: 'submit' }, context(compiler, 2026))).toThrow('年度尚未结束');
    expect(outcome('draft', { type: 'save' }, context(compiler, 2026))).toBe('draft');
  });
  it('a return says why', () => {
    expect(outcome('submitted', { type: 'return', comments: '  ' }, context(reviewer))).toBe('input');
  });
  it('the audit text says to whom a report goes', () => {
    expect(reportTransition('draft', { type: 'submit' }, context(compiler)).text).toContain('县人民政府');
    expect(reportTransition('draft', { type: 'submit' }, { ...context(compiler), agencyKind: 'county' }).text).toBe(
      '报送审核。',
    );
  });
  it('reportCan offers exactly what the transition allows', () => {
    for (const access of accesses)
      for (const status of statuses)
        for (const year of [2025, 2026]) {
          const ctx = context(access, year);
          const allowed = (a: ReportAction) => !['role', 'state'].includes(outcome(status, a, ctx));
          expect(reportCan(status, ctx)).toEqual({
            edit: allowed({ type: 'save' }),
            submit: allowed({ type: 'submit' }),
            review: allowed({ type: 'approve' }) && allowed({ type: 'return', comments: 'x' }),
          });
        }
  });
});

describe('four eyes', () => {
  const reviewer = { read: true, compile: true, review: true, archive: true };
  it('refuses the approval of a report by the person who submitted it, naming the rule, and offers no review', () => {
    const own = { ...context(reviewer), actor: 'fs-admin', submittedBy: 'fs-admin' };
    expect(() => reportTransition('submitted', { type: 'approve' }, own)).toThrow(
      '年度报告须由报送人以外的另一名工作人员审核，不能审核通过自己报送的报告。',
    );
    expect(outcome('submitted', { type: 'approve' }, own)).toBe('role');
    expect(reportCan('submitted', own).review).toBe(false);
    expect(outcome('submitted', { type: 'approve' }, { ...own, actor: 'fs-reviewer' })).toBe('published');
  });
});
