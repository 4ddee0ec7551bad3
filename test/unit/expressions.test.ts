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
    // An exception covers the shorter forms inside it: 「截止目前」 kept is not 「截止」 before a time either.
    expect(expressionChecker({ exceptions: ['截止目前'] }).check('截止目前，已完成。')).toEqual([]);
  });

  it('finds a member of a fixed series miswritten where most of the series is listed, and nothing in other lists', () => {
    expect(wrongs('增强政治意识、全局意识、核心意识、看齐意识。')).toEqual(['全局意识→大局意识']);
    expect(wrongs('统筹推进经济建设、政治建设、文化建设、社会建设、生态建设“五位一体”总体布局。')).toEqual([
      '生态建设→生态文明建设',
    ]);
    expect(wrongs('坚持创新、协调、绿色、开发、共享的发展理念。')).toEqual(['开发→开放']);
    expect(wrongs('坚定道路自信、理论自信、制度自信和文化自新。')).toEqual(['文化自新→文化自信']);
    expect(wrongs('必须坚持人民至上、自立自信、守正创新、问题导向、系统观念、胸怀天下。')).toEqual([
      '自立自信→自信自立',
    ]);
    expect(wrongs('增强政治意识、大局意识、核心意识、看齐意识。树牢政治意识、大局意识、责任意识。')).toEqual([]);
  });

  it('finds a canonical form with two words swapped or, when long, two characters left out', () => {
    expect(wrongs('坚持党中央统一集中领导。')).toEqual(['党中央统一集中领导→党中央集中统一领导']);
    expect(wrongs('开启全面建设社会现代化国家新征程。')).toEqual(['全面建设社会现代化国家→全面建设社会主义现代化国家']);
    expect(wrongs('加强党中央的集中统一领导，完整、准确全面贯彻新发展理念。')).toEqual([]);
    expect(wrongs('纪律检查委员、中共中央政治局委员、中央军事委员，市发展和改革委员会。')).toEqual([]);
  });

  it('writes numbered names from a template: 届 for a congress’s term and a plenum, 次 for a party congress', () => {
    expect(wrongs('学习贯彻党的十九大四中全会和第十三次全国人民代表大会精神。')).toEqual([
      '十九大四中全会→十九届四中全会',
      '第十三次全国人民代表大会→第十三届全国人民代表大会',
    ]);
    expect(wrongs('党的二十届三中全会，中国共产党第二十次全国代表大会，十四届全国人大三次会议。')).toEqual([]);
  });

  it('weighs a form by what stands around it: quotation marks, the word before, the sentence', () => {
    expect(wrongs('坚决反对台独分裂行径。坚决反对“台独”分裂行径。')).toEqual(['台独→“台独”（加引号）']);
    expect(wrongs('作为世界贸易组织成员国。东盟成员国。')).toEqual(['成员国→成员（成员方）']);
    expect(wrongs('新印章自2026年1月1日起正式起用。大胆起用年轻干部。')).toEqual(['起用→启用']);
    expect(wrongs('本届峰会共有20多个国家总统出席。国家总统习近平签署主席令。')).toEqual(['国家总统→国家主席']);
    expect(wrongs('我局隆重召开2025年工作会议。党的二十大隆重召开。')).toEqual(['隆重召开→召开、举行']);
    expect(wrongs('他是全国人大常委。全国人大常委会委员。')).toEqual(['人大常委→人大常委会委员']);
    expect(wrongs('加强预防犯罪工作，及时上报消防部门，关注消费者权益，确定单位名单，全村长达3公里。')).toEqual([]);
    expect(wrongs('公安局已将罪犯王某刑事拘留。法院判决后，罪犯李某被送往监狱服刑。')).toEqual(['罪犯→犯罪嫌疑人']);
    expect(wrongs('王沪柠出席会议。国务院副总理刘国忠讲话。刘国忠同志是本县农民。')).toEqual([
      '王沪柠→王沪宁',
      '刘国忠→刘国中',
    ]);
  });

  it('takes a renamed body dated before its reform, after the name as before it, as history', () => {
    expect(wrongs('《党政机关公文格式》由国家质量监督检验检疫总局、国家标准化管理委员会于2012年发布。')).toEqual([]);
    expect(wrongs('监察部并入新组建的国家监察委员会。')).toEqual([]);
    expect(wrongs('原由中国银保监会（现国家金融监督管理总局）负责。')).toEqual([]);
    expect(wrongs('按照农业部要求，2025年全县完成任务。农业部门要抓好落实。')).toEqual(['农业部→农业农村部']);
  });

  it('reports overlapping forms once, by the longer', () => {
    expect(wrongs('截止目前')).toHaveLength(1);
  });
});
