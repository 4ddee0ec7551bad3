import { describe, expect, it } from 'vitest';
import { expressionChecker, expressionRulesVersion } from '#core/expressions.ts';

const checker = expressionChecker();
const wrongs = (text: string) => checker.check(text).map((f) => `${f.wrong}→${f.right}`);

describe('表述检查', () => {
  it('finds a leader’s title written wrongly, with where it is, the right form and its source', () => {
    const [finding] = checker.check('会议传达学习了国务院总里李强在全国会议上的讲话精神。');
    expect(finding).toMatchObject({
      kind: 'title',
      severity: 'serious',
      wrong: '国务院总里',
      right: '国务院总理',
      start: 7,
      end: 12,
      excerpt: '会议传达学习了国务院总里李强在全国会议上的讲话精神',
    });
    expect(finding!.source).toContain('中国政府网');
  });

  it('reads a wrong form across a line break, spaces and quotation marks', () => {
    expect(wrongs('统筹推进“五位一体”战略\n布局')).toEqual(['五位一体”战略\n布局→五位一体总体布局']);
    expect(wrongs('国务院 总里')).toEqual(['国务院 总里→国务院总理']);
  });

  it('leaves the right forms and longer correct words alone', () => {
    expect(
      wrongs(
        '国务院总理李强主持召开国务院常务会议。统筹推进“五位一体”总体布局，协调推进“四个全面”战略布局。报名截止日期为2026年5月1日。建立农村长效管护机制。其他事项另行通知。',
      ),
    ).toEqual([]);
  });

  it('takes a date after 截止 as 截至, and a deadline as 截止', () => {
    expect(wrongs('截止2026年10月底，全县完成改造12公里。')).toEqual(['截止→截至']);
    expect(wrongs('截至2026年10月底。申报截止时间为11月1日。')).toEqual([]);
    expect(wrongs('截止目前，已完成。')).toEqual(['截止目前→截至……']);
  });

  it('names a renamed body as a warning, but not in a sentence about its history', () => {
    expect(checker.check('请向县国土资源局提交申请。')[0]).toMatchObject({ kind: 'outdated', severity: 'warning' });
    expect(wrongs('原国土资源部的职责划入自然资源部。2018年机构改革前的县环境保护局承担此项工作。')).toEqual([]);
  });

  it('keeps a county’s exceptions and adds its own forms, under a version of its own', () => {
    const county = expressionChecker({
      version: 3,
      exceptions: ['村长'],
      additions: [{ kind: 'title', wrong: ['抚松县人民政付'], right: '抚松县人民政府', source: '本县' }],
    });
    expect(county.check('村长主持。抚松县人民政付发布。').map((f) => f.right)).toEqual(['抚松县人民政府']);
    expect(county.version).toBe(`${expressionRulesVersion}.3`);
  });

  it('reports overlapping forms once, by the longer', () => {
    expect(wrongs('截止目前')).toHaveLength(1);
  });
});
