import { describe, expect, it } from 'vitest';
import { reasonProblem, reasonText, recordedReasons } from '#core/privacy-grounds.ts';

describe('a reason to keep personal data public', () => {
  it.each(['', '.', '。。。', '  \u3000 ', '……！？', '同意', '同意公开', '好好好好好好', '123456789', 'ok ok ok'])(
    'says nothing when it is %j',
    (reason) => {
      expect(reasonProblem(reason)).toMatch(/请写明确需公开的理由/);
    },
  );

  it.each(['低保公示须列明对象身份', '联系人同意公开其电话', 'Contact agreed in writing'])(
    'says something: %j',
    (reason) => {
      expect(reasonProblem(reason)).toBeUndefined();
    },
  );

  it('asks fewer words of its own beside a legal ground, but some', () => {
    expect(reasonProblem('。', 'consent')).toMatch(/请在所选依据之外写明具体情况/);
    expect(reasonProblem('本人签字', 'consent')).toBeUndefined();
    expect(reasonProblem('本人签字')).toBeDefined();
  });

  it("records the ground's words before the reviewer's", () => {
    expect(reasonText(' 本人签字同意 ', 'consent')).toBe('已取得本人书面同意：本人签字同意');
    expect(recordedReasons([{ id: '2', reason: '联系人同意公开其电话' }])).toEqual([
      { id: '2', reason: '联系人同意公开其电话' },
    ]);
  });
});
