/** What staff send to the reports function, checked at the edge (messages name the field in Chinese). */
import * as z from 'zod/mini';
import { caseGroups, caseResults, type CaseGroup, type CaseResult } from '#core/report-counts.ts';
import { importDryRun } from '#lib/import-schemas.ts';
import { once } from '#lib/once.ts';
import { date, text } from '#lib/route-schemas.ts';

const version = once(() => z.number().check(z.int(), z.minimum(0, '版本号不能为负'), z.meta({ title: '版本号' })));

export const reportParams = once(() =>
  z.object({
    agencyId: z.string().check(z.regex(/^[a-z0-9-]{1,40}$/, '机关编号无效'), z.meta({ title: '机关' })),
    year: z.coerce
      .number()
      .check(
        z.int('年度应为整数'),
        z.minimum(2008, '年度不能早于 2008 年'),
        z.maximum(2100, '年度无效'),
        z.meta({ title: '年度' }),
      ),
  }),
);
export const yearParams = once(() => z.object({ year: reportParams().shape.year }));

export const entriesInput = once(() =>
  z.object({
    sections: z.object({
      一: text('一、总体情况', 20000, { required: false, multiline: true }),
      五: text('五、存在的主要问题及改进情况', 20000, { required: false, multiline: true }),
      六: text('六、其他需要报告的事项', 20000, { required: false, multiline: true }),
    }),
    figures: z
      .record(
        z.string().check(z.maxLength(40)),
        z.object({
          value: z.nullable(
            z.number('应为数字').check(z.refine(Number.isFinite, '应为数字'), z.meta({ title: '数值' })),
          ),
          source: text('数据来源', 200, { required: false }),
        }),
      )
      .check(z.meta({ title: '表二数据' })),
    notApplicable: z
      .array(z.string().check(z.maxLength(80)))
      .check(z.maxLength(200, '不适用的单元格过多'), z.meta({ title: '不适用' })),
    version: version(),
  }),
);
export const entriesExample = {
  sections: { 一: '2025年，露水河镇人民政府认真贯彻落实《中华人民共和国政府信息公开条例》……', 五: '一是……', 六: '' },
  figures: {
    '行政许可:本年处理决定数量': { value: 126, source: '镇便民服务中心审批台账' },
    '行政事业性收费:本年收费金额（单位：万元）': { value: 0, source: '镇财政所' },
  },
  notApplicable: ['table2:规章:本年制发件数', 'table2:规章:本年废止件数', 'table2:规章:现行有效件数'],
  version: 0,
};

export const stepInput = once(() =>
  z.object({
    version: version(),
    action: z.discriminatedUnion(
      'type',
      [
        z.object({ type: z.literal('submit') }),
        z.object({ type: z.literal('approve') }),
        z.object({
          type: z.literal('return'),
          comments: text('退回意见', 2000, { required: false, multiline: true }).check(
            z.minLength(1, '请填写退回意见'),
          ),
        }),
      ],
      { error: '操作应为 submit（报送）、approve（审核通过）或 return（退回）' },
    ),
  }),
);

const archivedTable = once(() => z.record(z.string(), z.record(z.string(), z.nullable(z.number()))));
export const archiveInput = once(() =>
  z.object({
    title: text('标题', 200),
    text: text('正文', 100000, { multiline: true }),
    publishedOn: date('发布日期'),
    source: text('来源', 200, { required: false }).check(z.minLength(1, '请填写来源（如原网站地址）')),
    tables: z.optional(
      z
        .object({ table2: archivedTable(), table3: archivedTable(), table4: archivedTable() })
        .check(z.meta({ title: '表二至表四的数据（2021 年格式）' })),
    ),
  }),
);

/** Several earlier years' reports at once (the county's archive brought in). */
export const archiveBulkInput = once(() =>
  z.object({
    dryRun: importDryRun(),
    reports: z
      .array(
        z.object({
          agencyId: z.string().check(z.regex(/^[a-z0-9-]{2,40}$/, '机关编号无效'), z.meta({ title: '机关编号' })),
          year: z.number().check(z.int(), z.meta({ title: '年度' })),
          ...archiveInput().shape,
        }),
      )
      .check(z.minLength(1, '至少一份'), z.maxLength(50, '每次最多 50 份'), z.meta({ title: '报告' })),
  }),
);

const groups = Object.keys(caseGroups) as [CaseGroup, ...CaseGroup[]];
const results = Object.keys(caseResults) as [CaseResult, ...CaseResult[]];
export const caseInput = once(() =>
  z.object({
    group: z
      .enum(groups, { error: '案件类型应为行政复议、未经复议直接起诉或复议后起诉' })
      .check(z.meta({ title: '案件类型' })),
    body: text('复议机关或法院', 100),
    filedOn: date('立案（受理）日期'),
    decidedOn: z.optional(date('决定（判决）日期')),
    result: z.enum(results, { error: '结果应为维持、纠正、其他或尚未审结' }).check(z.meta({ title: '结果' })),
    note: z.optional(text('备注', 500, { required: false, multiline: true })),
  }),
);
export const caseExample = {
  group: 'reconsideration',
  body: '抚松县人民政府',
  filedOn: '2026-03-02',
  result: 'pending',
};
