import { describe, expect, it } from 'vitest';
import { defaultLetterSettings, type LetterSettings } from '#core/agency.ts';
import { calculateFee } from '#core/fees.ts';
import {
  composeLetter,
  formatLetterNumber,
  letterFor,
  letterKinds,
  letterText,
  type LetterFacts,
} from '#core/letters.ts';
import { letterPage } from '#core/pages/letter.ts';
import { outcomes, type CaseState, type Outcome } from '#core/workflow.ts';
import { withheldByGround } from '#core/redaction.ts';

const r = { x: 0, y: 0, width: 1, height: 1 };

const settings: LetterSettings = {
  prefix: '露政公',
  reconsiderationBody: '抚松县人民政府',
  court: '抚松县人民法院',
  payment: '到镇党政综合办公室缴纳',
  office: '露水河镇党政综合办公室',
  address: '抚松县露水河镇中心街1号',
  phone: '0439-6200000',
};
const state: CaseState = {
  status: 'answered',
  clock: { receiptDate: '2026-09-21', extension: { days: 10, approvedOn: '2026-10-20' } },
  correction: {
    requestedOn: '2026-09-22',
    items: ['请明确所需信息的年度', '请说明所需信息的形式'],
    dueBy: '2026-10-12',
  },
  consultation: { party: '某商贸有限公司', kind: 'thirdParty', sentOn: '2026-09-23', dueBy: '2026-10-21' },
  fee: {
    calculation: calculateFee('perItem', 1, 34),
    reason: '本月已申请 35 件，均为同一小区各户的不动产登记信息。',
    noticeOn: '2026-09-23',
    dueBy: '2026-10-28',
  },
  outcome: {
    outcome: 'disclosed',
    basis: '条例第三十六条第（二）项',
    answeredOn: '2026-10-30',
    files: [{ id: 'f', fileName: '低保名册.pdf', contentType: 'application/pdf', size: 1, key: 'k' }],
  },
};
const facts = (over: Partial<LetterFacts> = {}): LetterFacts => ({
  agencyName: '露水河镇人民政府',
  settings,
  receiptNumber: 'LSH-2026-00012',
  title: '2025 年度低保资金发放情况',
  applicantName: '王<小>明',
  state,
  due: '2026-11-09',
  issuedOn: '2026-10-30',
  number: '露政公复〔2026〕3号',
  ...over,
});

describe('letters', () => {
  it('numbers letters by agency prefix, kind, year and sequence', () => {
    expect(formatLetterNumber('露政公', 'reply', 2026, 3)).toBe('露政公复〔2026〕3号');
    expect(formatLetterNumber('抚财公', 'correction', 2027, 12)).toBe('抚财公补〔2027〕12号');
  });

  it('issues one letter per statutory step and none for internal ones', () => {
    expect(letterFor({ type: 'confirmReceipt' })).toBe('receipt');
    expect(letterFor({ type: 'decideExtension', approve: true, reason: 'x' })).toBe('extension');
    expect(letterFor({ type: 'decideExtension', approve: false, reason: 'x' })).toBeUndefined();
    expect(letterFor({ type: 'note', text: 'x' })).toBeUndefined();
  });

  it.each(Object.keys(outcomes) as Outcome[])(
    'writes a reply for %s with its basis and the remedy clause',
    (outcome) => {
      const letter = composeLetter(
        'reply',
        facts({
          state: {
            ...state,
            outcome: { ...state.outcome!, outcome, responsibleAgency: '抚松县民政局', location: '镇政府网站' },
          },
        }),
      );
      const text = letterText(letter);

      expect(text).toContain(`答复类型：${outcomes[outcome]}`);
      // The basis once: in the closing line, or in the decision where that already cites it.
      expect(text.split('第三十六条第（二）项').length - 1, text).toBe(1);
      expect(text).toContain('六十日内向抚松县人民政府申请行政复议');
      expect(text).toContain('六个月内向抚松县人民法院提起行政诉讼');
      if (outcome === 'unable.notHeld') expect(text).toContain('由抚松县民政局负责公开');
    },
  );

  it('cites the basis of a partial disclosure once, and lists the files after the sentence that announces them', () => {
    const letter = composeLetter(
      'reply',
      facts({
        state: {
          ...state,
          outcome: {
            ...state.outcome!,
            outcome: 'partial',
            basis: '《中华人民共和国政府信息公开条例》第十五条、第三十七条',
            files: [
              { id: 'f1', fileName: '预算表（公开部分）.pdf', key: 'k', contentType: 'application/pdf', size: 1 },
            ],
          },
        },
      }),
    );
    const text = letterText(letter);
    expect(text.split('第三十七条').length - 1, text).toBe(2); // the Regulation's rule, and the handler's basis
    expect(text).not.toContain('法律依据：');
    expect(text.indexOf('1. 预算表（公开部分）.pdf')).toBeGreaterThan(text.indexOf('（见下列文件）'));
    expect(text.indexOf('1. 预算表（公开部分）.pdf')).toBeLessThan(text.indexOf('答复类型'));
  });

  it('lists what a file redacted in the platform withholds, by ground with its reasons and never the words, after the files', () => {
    const withheld = withheldByGround([
      {
        input: { kind: 'text', text: '张三', ground: '15', reason: '第三人的姓名' },
        places: [{ page: 1, rects: [r, r] }],
      },
      { input: { kind: 'findings', ground: '15', reason: '第三人的身份证号码' }, places: [{ page: 2, rects: [r] }] },
      {
        input: { kind: 'area', page: 3, x: 0, y: 0, width: 9, height: 9, ground: '16', reason: '内部讨论记录' },
        places: [{ page: 3, rects: [r] }],
      },
    ]);
    const letter = composeLetter(
      'reply',
      facts({
        state: {
          ...state,
          outcome: {
            ...state.outcome!,
            outcome: 'partial',
            basis: '《中华人民共和国政府信息公开条例》第十五条、第十六条、第三十七条',
            files: [
              {
                id: 'f1',
                fileName: '会议纪要（部分公开）.pdf',
                key: 'k',
                contentType: 'application/pdf',
                size: 1,
                redaction: { id: 'r1', withheld },
              },
              { id: 'f2', fileName: '附表.pdf', key: 'k2', contentType: 'application/pdf', size: 1 },
            ],
          },
        },
      }),
    );
    const text = letterText(letter);
    expect(text).toContain(
      '《会议纪要（部分公开）.pdf》中3处内容涉及商业秘密、个人隐私（第三人的姓名；第三人的身份证号码），根据《中华人民共和国政府信息公开条例》第十五条不予公开，已作删除处理。',
    );
    expect(text).toContain(
      '《会议纪要（部分公开）.pdf》中1处内容属于内部事务信息、过程性信息、行政执法案卷（内部讨论记录），根据《中华人民共和国政府信息公开条例》第十六条不予公开，已作删除处理。',
    );
    expect(text).not.toContain('张三');
    expect(text).not.toContain('《附表.pdf》中');
    expect(text.indexOf('第十五条不予公开')).toBeGreaterThan(text.indexOf('2. 附表.pdf'));
  });

  it('gives a correction period reaching a year without a schedule in working days, its end to follow', () => {
    const pending = {
      ...state,
      correction: { requestedOn: '2026-12-28', items: ['请明确所需信息的年度'], dueBy: null, periodDays: 10 },
    };

    expect(letterText(composeLetter('correction', facts({ state: pending })))).toContain(
      '请自2026年12月28日的次日起 10 个工作日内通过办理进度查询页面或者书面方式提交补正（期限所跨年度的放假安排尚未公布，截止日期确定后在办理进度查询页面公布）。',
    );
  });

  it('sets out what to correct, the fee arithmetic and the extension', () => {
    expect(composeLetter('correction', facts()).list).toEqual(state.correction!.items);
    expect(letterText(composeLetter('fee', facts()))).toContain('第 35–35 件（1 件）每件 200 元');
    // The handler's reason, not a bare assertion that the range is exceeded.
    expect(letterText(composeLetter('fee', facts()))).toContain(
      '明显超过合理范围：本月已申请 35 件，均为同一小区各户的不动产登记信息。根据',
    );
    expect(letterText(composeLetter('extension', facts()))).toContain(
      '延长 10 个工作日，本机关将于2026年11月9日前作出答复',
    );
  });

  it('gives an extension reaching a year without a schedule in working days, its end to follow on the status page', () => {
    const text = letterText(composeLetter('extension', facts({ due: null })));

    expect(text).toContain(
      '答复期限延长 10 个工作日（延长后的期限所跨年度的放假安排尚未公布，答复截止日期确定后在办理进度查询页面公布）。',
    );
  });

  it('tells a consulted third party what is asked for, never who asks', () => {
    const letter = composeLetter('consultation', facts());
    expect(letter.toApplicant).toBe(false);
    expect(letterText(letter)).not.toContain('王');
    expect(letter.recipient).toBe('某商贸有限公司：');
  });

  it('prints as an escaped page in the site frame', () => {
    const site = {
      government: '抚松县人民政府',
      identity: { siteCode: '2206210001' },
      domain: '',
      contact: '/fusong/guide.html',
    };
    const page = letterPage(site, composeLetter('receipt', facts()));
    expect(page).toContain('王&lt;小&gt;明');
    expect(page).toContain(letterKinds.receipt.title);
    expect(page).toContain(`<title>${letterKinds.receipt.title}-抚松县人民政府</title>`);
    expect(page).toContain('网站标识码：2206210001');
  });

  it('names the county government in a department’s remedy clause by default, not the repealed choice', () => {
    const directory = [
      {
        id: 'fusong',
        name: '抚松县人民政府',
        kind: 'county',
        parentId: null,
        order: 1,
        acceptsApplications: true,
        code: 'FS',
      },
    ] as const;
    const defaults = defaultLetterSettings({ name: '抚松县财政局', kind: 'department', parentId: 'fusong' }, [
      ...directory,
    ]);
    const text = letterText(composeLetter('reply', facts({ settings: { ...defaults, prefix: '抚财公' } })));

    expect(text).toContain('六十日内向抚松县人民政府申请行政复议');
    expect(text).toContain('六个月内向抚松县人民法院提起行政诉讼');
    expect(text).not.toContain('上一级行政机关');
  });

  it('guesses no letter prefix: an administrator enters the agency’s own', () => {
    expect(defaultLetterSettings({ name: '抚松县财政局', kind: 'department', parentId: 'fusong' }, []).prefix).toBe('');
  });
});
