import { describe, expect, it } from 'vitest';
import {
  columnFindings,
  defaultThresholds,
  footerFindings,
  homeFinding,
  isInspectionDay,
  thresholdProblems,
  weeklyInspectionId,
  type ColumnState,
} from '#core/inspection.ts';
import { checkPage, linkKey } from '#core/inspection-page.ts';

const page = (head: string, body: string) => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const fullMeta =
  '<meta name="SiteName" content="抚松县人民政府政府信息公开"><meta name="SiteDomain" content="example.gov.cn"><meta name="SiteIDCode" content="2206210001"><meta name="ColumnName" content="行政规范性文件"><meta name="ColumnType" content="政府信息公开">';
const articleMeta =
  '<meta name="ArticleTitle" content="关于某事的通知"><meta name="PubDate" content="2026-03-02 00:00"><meta name="ContentSource" content="露水河镇人民政府">';
const options = { siteHost: 'example.gov.cn', siteCode: true };

describe('links as bucket keys', () => {
  it('maps the site’s own addresses to keys, and leaves out the functions’ routes and other hosts', () => {
    expect(linkKey('/', 'example.gov.cn')).toBe('index.html');
    expect(linkKey('/lushuihe/', 'example.gov.cn')).toBe('lushuihe/index.html');
    expect(linkKey('/lushuihe/items/a1.html#top', 'example.gov.cn')).toBe('lushuihe/items/a1.html');
    expect(linkKey('https://example.gov.cn/search/?q=%E8%B4%A2%E6%94%BF', 'example.gov.cn')).toBe('search/index.html');
    expect(linkKey('/%E6%96%87%E4%BB%B6.pdf', 'example.gov.cn')).toBe('文件.pdf');
    for (const away of [
      '/apply?agency=lushuihe',
      '/api/health',
      '/mode/elder',
      '/assets/site.css',
      '/staff/',
      '#main',
      'mailto:a@b.cn',
      'https://www.gov.cn/',
      'javascript:void(0)',
    ])
      expect(linkKey(away, 'example.gov.cn')).toBeUndefined();
  });
});

describe('one page', () => {
  it('finds nothing wrong with a page that carries its metadata and validity', () => {
    const html = page(
      fullMeta + articleMeta,
      '<dl><dt>有效性</dt><dd>有效</dd></dl><a href="/lushuihe/files/a1/f1.pdf" download>附件</a><a href="/lushuihe/">返回</a>',
    );
    const check = checkPage('lushuihe/items/a1.html', html, options);
    expect(check.findings).toEqual([]);
    expect(check.links).toEqual([
      { key: 'lushuihe/files/a1/f1.pdf', attachment: true },
      { key: 'lushuihe/index.html', attachment: false },
    ]);
  });

  it('names the metadata a page lacks, and a normative document without its validity label', () => {
    const check = checkPage(
      'lushuihe/items/a2.html',
      page('<meta name="ColumnName" content="行政规范性文件">', '<p>正文</p>'),
      options,
    );
    expect(check.findings.map((f) => f.rule)).toEqual(['missingMeta', 'missingValidity']);
    expect(check.findings[0]!.detail).toBe(
      '缺少元数据：SiteName、SiteDomain、ColumnType、SiteIDCode、ArticleTitle、PubDate、ContentSource',
    );
  });

  it('asks for SiteIDCode only once the county has one, and article metadata only of items', () => {
    const html = page(fullMeta.replace(/<meta name="SiteIDCode"[^>]*>/, ''), '');
    expect(checkPage('lushuihe/index.html', html, { ...options, siteCode: false }).findings).toEqual([]);
    expect(checkPage('lushuihe/index.html', html, options).findings[0]!.detail).toBe('缺少元数据：SiteIDCode');
  });
});

describe('the records', () => {
  const column = (slug: string, newest: string | undefined, agencyId = 'lushuihe'): ColumnState => ({
    agencyId,
    agencyName: `${agencyId}镇人民政府`,
    slug,
    name: slug,
    page: `/${agencyId}/${slug}/`,
    ...(newest && { newest }),
  });

  it('judges each column by its type’s period, and vetoes when enough of them are stale or blank', () => {
    const today = '2026-12-04';
    const findings = columnFindings(
      [
        column('all', '2026-11-30'), // dynamic, 4 days: fine
        column('normative', '2026-03-01'), // notice, over 183 days: stale
        column('finance', '2026-01-10'), // regular, within 365 days: fine
        column('organisation', '2019-01-01'), // static: never stale
        ...['planning', 'statistics', 'licensing', 'enforcement', 'fees'].map((slug) => column(slug, undefined)),
      ],
      defaultThresholds,
      today,
      'fusong',
    );
    expect(findings.filter((f) => f.rule === 'staleColumn').map((f) => f.page)).toEqual(['/lushuihe/normative/']);
    expect(findings.filter((f) => f.rule === 'blankColumn')).toHaveLength(5);
    expect(findings.filter((f) => f.severity === 'veto')).toEqual([
      expect.objectContaining({
        rule: 'blankColumns',
        agencyId: 'fusong',
        detail: expect.stringMatching(/^5 个栏目没有信息（达到 5 个即单项否决）：lushuihe镇人民政府“planning”、/),
      }),
    ]);
  });

  it('counts five stale dynamic columns as a veto, with thresholds as data', () => {
    const stale = ['a', 'b', 'c', 'd', 'e'].map((agency) => column('all', '2026-11-01', agency));
    const vetoes = (t = defaultThresholds) =>
      columnFindings(stale, t, '2026-12-04', 'fusong').filter((f) => f.severity === 'veto');
    expect(vetoes()).toHaveLength(1);
    expect(vetoes({ ...defaultThresholds, staleDays: { ...defaultThresholds.staleDays, dynamic: 60 } })).toHaveLength(
      0,
    );
  });

  it('vetoes a home page without a new item for two weeks', () => {
    expect(homeFinding('2026-11-25', defaultThresholds, '2026-12-04', 'fusong')).toEqual([]);
    expect(homeFinding('2026-11-19', defaultThresholds, '2026-12-04', 'fusong')[0]).toMatchObject({
      rule: 'homeStale',
      severity: 'veto',
      detail: '首页最近一条信息发布于 2026-11-19，已超过 14 天未更新',
    });
  });

  it('checks thresholds as typed', () => {
    expect(thresholdProblems(defaultThresholds)).toEqual([]);
    expect(thresholdProblems({ ...defaultThresholds, homeDays: 0, columnTypes: { all: 'weekly' as never } })).toEqual([
      { field: 'homeDays', message: '应为 1 至 3650 之间的整数（天）' },
      { field: 'columnTypes.all', message: '栏目类型无效' },
    ]);
  });

  it('runs on Mondays, once a day whatever the retries', () => {
    expect(isInspectionDay('2026-12-07')).toBe(true);
    expect(isInspectionDay('2026-12-04')).toBe(false);
    expect(weeklyInspectionId('2026-12-07')).toMatch(/^[0-9a-f]{16}$/);
    expect(weeklyInspectionId('2026-12-07')).toBe(weeklyInspectionId('2026-12-07'));
  });
});

describe('the footer (国办发〔2017〕47号) and how findings name their agency', () => {
  it('names each footer element the site lacks, with where to set it', () => {
    const findings = footerFindings({ sponsor: '抚松县人民政府办公室' }, { id: 'fusong', name: '抚松县人民政府' });
    expect(findings.map((f) => f.detail)).toEqual([
      '页脚缺少网站标识码：各页面缺少 SiteIDCode 元数据，页脚不显示网站标识码和“我为政府网站找错”',
      '页脚缺少ICP备案号',
      '页脚缺少公安机关备案号',
    ]);
    expect(findings.every((f) => f.rule === 'footerMissing' && f.agencyId === 'fusong')).toBe(true);
    expect(footerFindings({}, { id: 'fusong', name: '抚松县人民政府' })[0]!.detail).toBe('页脚缺少主办单位');
  });

  it("names the demo's made-up footer as not set: values marked 演示数据, a 网站标识码 of zeros", () => {
    const county = { id: 'fusong', name: '抚松县人民政府' };
    const demo = {
      sponsor: '抚松县人民政府办公室（演示数据）',
      siteCode: '0000000000',
      icp: '吉ICP备00000000号（演示数据）',
      police: '吉公网安备22062102000123号',
    };
    expect(footerFindings(demo, county).map((f) => f.detail)).toEqual([
      '页脚的主办单位是演示数据（抚松县人民政府办公室（演示数据）），不是本级人民政府的实际信息',
      '页脚的网站标识码是演示数据（0000000000），不是本级人民政府的实际信息',
      '页脚的ICP备案号是演示数据（吉ICP备00000000号（演示数据）），不是本级人民政府的实际信息',
    ]);
    expect(
      footerFindings(
        { ...demo, sponsor: '抚松县人民政府办公室', siteCode: '2206210001', icp: '吉ICP备05001234号' },
        county,
      ),
    ).toEqual([]);
  });

  it('tells the office where the footer is set, in the console as it is', async () => {
    const { inspectionRules } = await import('#core/inspection.ts');
    expect(inspectionRules.footerMissing.action).toContain('机构管理');
    expect(Object.values(inspectionRules).some((r) => r.action.includes('网站设置'))).toBe(false);
  });

  it('names a column once: the agency beside the finding, not again inside it', () => {
    const [finding] = columnFindings(
      [
        {
          agencyId: 'lushuihe',
          agencyName: '露水河镇人民政府',
          slug: 'planning',
          name: '规划信息',
          page: '/lushuihe/planning/',
        },
      ],
      defaultThresholds,
      '2026-12-04',
      'fusong',
    );
    expect(finding!.detail).toBe('规划信息：栏目中没有信息');
  });

  it('lists the stale or blank columns of a veto with their agencies', () => {
    const blank = ['planning', 'statistics', 'licensing', 'enforcement', 'fees'].map((slug) => ({
      agencyId: 'lushuihe',
      agencyName: '露水河镇人民政府',
      slug,
      name: slug,
      page: `/lushuihe/${slug}/`,
    }));
    const veto = columnFindings(blank, defaultThresholds, '2026-12-04', 'fusong').find((f) => f.severity === 'veto');
    expect(veto!.detail).toContain('露水河镇人民政府“planning”');
  });
});

describe('表述检查 of what is on the site', () => {
  it('reports a 严重表述错误 on a page as a single veto, a lesser one as a notice, and reads no script', () => {
    const html = page(
      fullMeta,
      '<main><p>会议传达了国务院总里李强的讲话。</p><p>请向县国土资源局咨询。</p></main><script>var s = "国务院总里";</script>',
    );
    const { findings } = checkPage('lushuihe/index.html', html, options);
    expect(findings).toEqual([
      {
        rule: 'seriousExpression',
        severity: 'veto',
        detail: '“国务院总里”应为“国务院总理”：会议传达了国务院总里李强的讲话',
      },
      { rule: 'expressionWarning', severity: 'notice', detail: '“国土资源局”应为“自然资源局”：请向县国土资源局咨询' },
    ]);
    expect(checkPage('lushuihe/index.html', page(fullMeta, '<p>国务院总理李强</p>'), options).findings).toEqual([]);
  });
});

describe('the site’s availability as the platform sees it', () => {
  const day = (d: string, checks: number, failed = 0, slow = 0) => ({ day: d, checks, failed, slow });
  it('is a single veto when 5% of a week’s checks of the home failed or were slow', async () => {
    const { availabilityFindings } = await import('#core/inspection.ts');
    const week = Array.from({ length: 7 }, (_, i) => day(`2026-12-0${i + 1}`, 48));
    expect(availabilityFindings(week, 'fusong')).toEqual([]);
    week[0] = day('2026-12-01', 48, 10, 7); // 17 of 336: 5.06%
    expect(availabilityFindings(week, 'fusong')).toEqual([
      expect.objectContaining({
        rule: 'siteUnavailable',
        severity: 'veto',
        detail: '近 7 天平台对首页检查 336 次，10 次无法访问、7 次超过 15 秒，占 5.1%（达到 5% 即单项否决）',
      }),
    ]);
    week[0] = day('2026-12-01', 48, 10, 6); // 16 of 336: 4.8%
    expect(availabilityFindings(week, 'fusong')).toEqual([]);
    expect(availabilityFindings([], 'fusong')).toEqual([]);
  });
});
