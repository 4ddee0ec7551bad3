/**
 * 主动公开's state machine, every step against every status and role: taken exactly where the table
 * below (written from the review process, not read from the code) allows it, refused everywhere
 * else, with the reason a role or a status; and what each legal step leaves behind.
 */
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '#core/calendar.ts';
import {
  type IllegalPublicationStep,
  publicationStatuses,
  publicationTransition,
  type PublicationAction,
  type PublicationState,
  type PublicationStatus,
} from '#core/publication.ts';
import { reviewKey, type PrivacyReview } from '#core/privacy.ts';
import type { Role } from '#core/staff.ts';

const calendar = new WorkingCalendar();
const content = {
  title: '露水河镇 2026 年财政预算',
  category: 'finance',
  topic: '财政、金融、审计',
  writtenOn: '2026-11-20',
  summary: '概述',
  bodyHtml: '<p>正文</p>',
  attachments: [],
};
const published = { revision: 1, content, publishedOn: '2026-11-23', late: false, lateText: '' };

const examples: Record<PublicationAction['type'], PublicationAction> = {
  edit: { type: 'edit', content: { ...content, title: '改后的标题' }, revisionNote: '更正标题' },
  submit: { type: 'submit' },
  recall: { type: 'recall' },
  approve: { type: 'approve', secrecyCheck: '不涉密，同意公开' },
  return: { type: 'return', comments: '请补充文号' },
  revise: { type: 'revise' },
  withdraw: { type: 'withdraw', reason: '信息有误' },
  acknowledge: { type: 'acknowledge', acknowledgements: [{ id: '1', reason: '低保公示须列明姓名' }] },
};

/** Who may take each step, and from which statuses (条例 and the review before release). */
const legal: Record<
  PublicationAction['type'],
  { by: Role; from: PublicationStatus[]; to: PublicationStatus | ((from: PublicationStatus) => PublicationStatus) }
> = {
  edit: { by: 'handler', from: ['draft', 'revising'], to: (from) => from },
  submit: {
    by: 'handler',
    from: ['draft', 'revising'],
    to: (from) => (from === 'draft' ? 'submitted' : 'revisionSubmitted'),
  },
  recall: {
    by: 'handler',
    from: ['submitted', 'revisionSubmitted'],
    to: (from) => (from === 'submitted' ? 'draft' : 'revising'),
  },
  approve: { by: 'reviewer', from: ['submitted', 'revisionSubmitted'], to: 'published' },
  return: {
    by: 'reviewer',
    from: ['submitted', 'revisionSubmitted'],
    to: (from) => (from === 'submitted' ? 'draft' : 'revising'),
  },
  revise: { by: 'handler', from: ['published'], to: 'revising' },
  withdraw: { by: 'reviewer', from: ['published', 'revising', 'revisionSubmitted'], to: 'withdrawn' },
  acknowledge: {
    by: 'reviewer',
    from: ['submitted', 'revisionSubmitted', 'published', 'revising'],
    to: (from) => from,
  },
};

/** A finished 个人信息检查 of the content: clean, or with one finding open. */
const review = (finding: boolean): PrivacyReview => ({
  key: reviewKey(content),
  state: 'done',
  at: '2026-11-23',
  by: 'submit',
  findings: finding
    ? [{ id: '1', kind: 'mobile', where: { field: 'body' }, excerpt: '联系人：张伟，138****5678' }]
    : [],
});

/** A record in the status, as the steps would have left it (with a finding open for the step that acknowledges it). */
function stateIn(status: PublicationStatus, finding = false): PublicationState {
  const afterPublication = ['published', 'revising', 'revisionSubmitted', 'withdrawn'].includes(status);
  return {
    status,
    content,
    privacy: review(finding),
    ...(afterPublication && { published }),
    ...(status === 'revising' || status === 'revisionSubmitted' ? { revisionNote: '更正一处笔误' } : {}),
  };
}

const statuses = Object.keys(publicationStatuses) as PublicationStatus[];
const roles: Role[] = ['handler', 'reviewer', 'admin'];
const cases = (Object.keys(examples) as PublicationAction['type'][]).flatMap((type) =>
  statuses.flatMap((status) => roles.map((role) => [type, status, role] as const)),
);

describe('主动公开 steps against every status and role', () => {
  it.each(cases)('%s from %s by %s', (type, status, role) => {
    const rule = legal[type];
    const step = () =>
      publicationTransition(stateIn(status, type === 'acknowledge'), examples[type], {
        calendar,
        today: '2026-11-24',
        actor: { username: `lsh-${role}`, roles: [role] },
      });
    if (role !== rule.by) {
      expect(step).toThrow(expect.objectContaining({ reason: 'role' }) as IllegalPublicationStep);
    } else if (!rule.from.includes(status)) {
      expect(step).toThrow(expect.objectContaining({ reason: 'state' }) as IllegalPublicationStep);
    } else {
      const { state, event } = step();
      expect(state.status).toBe(typeof rule.to === 'function' ? rule.to(status) : rule.to);
      expect(event).toMatchObject({ type, actor: `lsh-${role}`, on: '2026-11-24' });
    }
  });

  it('numbers each approved version, keeps the first publication date, and carries the revision note onto the page', () => {
    const ctx = (role: Role) => ({ calendar, today: '2026-12-01', actor: { username: role, roles: [role] } });
    const first = publicationTransition(stateIn('submitted'), examples.approve, ctx('reviewer')).state;
    expect(first.published).toMatchObject({ revision: 1, publishedOn: '2026-12-01' });
    const revised = publicationTransition(stateIn('revisionSubmitted'), examples.approve, ctx('reviewer')).state;
    expect(revised.published).toMatchObject({
      revision: 2,
      publishedOn: '2026-11-23',
      revisedOn: '2026-12-01',
      revisionNote: '更正一处笔误',
    });
    expect(revised.revisionNote).toBeUndefined();
  });

  it('refuses a revision without its note, and an approval without its 保密审查', () => {
    const ctx = (role: Role) => ({ calendar, today: '2026-12-01', actor: { username: role, roles: [role] } });
    expect(() =>
      publicationTransition({ ...stateIn('revising'), revisionNote: ' ' }, examples.submit, ctx('handler')),
    ).toThrow('修订须写明修订说明');
    expect(() =>
      publicationTransition(stateIn('submitted'), { type: 'approve', secrecyCheck: '  ' }, ctx('reviewer')),
    ).toThrow('保密审查');
  });
});

describe('four eyes', () => {
  const both = { username: 'czj-chief', roles: ['handler', 'reviewer'] as Role[] };
  const ctx = (actor: { username: string; roles: Role[] }) => ({ calendar, today: '2026-11-24' as const, actor });
  it('lets someone other than who submitted an item approve it, and nobody approve their own', () => {
    const submitted = publicationTransition({ status: 'draft', content }, { type: 'submit' }, ctx(both)).state;
    expect(submitted.submittedBy).toBe('czj-chief');
    expect(() => publicationTransition(submitted, { type: 'approve', secrecyCheck: '同意。' }, ctx(both))).toThrow(
      '信息须由提交人以外的另一名审核人审核发布，不能审核通过自己提交的信息。',
    );
    const reviewer = { username: 'czj-reviewer', roles: ['reviewer'] as Role[] };
    expect(
      publicationTransition(submitted, { type: 'approve', secrecyCheck: '同意。' }, ctx(reviewer)).state.status,
    ).toBe('published');
  });
});
