/**
 * What to write in each column of the imports (import-columns.ts), and an example: the console's list
 * of expected columns and its templates (web/import/sheet.js) show them. A module of its own so that
 * no function's bundle carries the text (the importers need only the columns): esbuild keeps an
 * object of template literals as code that may have effects.
 */
import type { CaseColumn, CatalogueColumn } from './import-columns.ts';

/** What to write in a column, and an example; the examples of a kind make one row the importer takes. */
export interface ColumnGuide {
  rule: string;
  example: string;
}

const dates = '如 2017-03-05、2017/3/5 或 2017年3月5日';

export const catalogueGuide: Record<CatalogueColumn, ColumnGuide> = {
  title: { rule: '必填，不超过 200 字', example: '露水河镇2017年春季防火工作方案' },
  category: {
    rule: '必填：法定主动公开内容的类别名称，或原网站的栏目名称（首次检查时选择它对应的法定类别，本机关以后沿用）',
    example: '其他应当主动公开的信息',
  },
  topic: { rule: '选填：主题分类中的一项，不填为“其他”', example: '综合政务' },
  documentNumber: { rule: '选填，不超过 50 字', example: '露政办〔2017〕9号' },
  writtenOn: { rule: `必填，${dates}`, example: '2017-03-01' },
  publishedOn: { rule: `必填：原网站的发布日期，不早于成文日期，${dates}`, example: '2017-03-03' },
  indexNumber: {
    rule: '选填：原索引号，本机关内不重复的予以保留；不填的按本机关索引号规则编制',
    example: '013869317/2017-00009',
  },
  validity: { rule: '规章和行政规范性文件必填：有效、已废止或失效', example: '有效' },
  repealedOn: { rule: `已废止的必填（失效的可不填），${dates}`, example: '' },
  summary: { rule: '内容概述和正文至少填写一项；内容概述不超过 1000 字', example: '部署2017年春季森林防火工作。' },
  body: {
    rule: '选填：正文全文，纯文本或网页（HTML）格式',
    example: '各村、各单位：现将《露水河镇2017年春季防火工作方案》印发给你们，请认真贯彻执行。',
  },
  attachments: {
    rule: '选填：附件的文件名，多个用“；”分隔；检查时选择这些文件（或其压缩包），可为 PDF、Word、Excel、JPEG、PNG',
    example: '方案.pdf；附表.xlsx',
  },
};

const organisationOnly = '申请人为法人或其他组织的填写';

export const caseGuide: Record<CaseColumn, ColumnGuide> = {
  oldNumber: { rule: '必填：原系统或登记簿中的编号，不超过 60 字', example: 'YSQ-2026-041' },
  receivedOn: { rule: '必填：收到申请之日，不晚于今天，如 2026-11-02', example: '2026-11-02' },
  applicantType: { rule: '选填：公民，或法人或其他组织；不填为公民', example: '公民' },
  orgType: {
    rule: `${organisationOnly}：商业企业、科研机构、社会公益组织、法律服务机构或其他`,
    example: '商业企业',
  },
  name: { rule: '必填：申请人姓名或单位名称，不超过 100 字', example: '赵春梅' },
  idType: {
    rule: '公民填写：居民身份证、护照、港澳居民来往内地通行证或台湾居民来往大陆通行证；不填为居民身份证',
    example: '居民身份证',
  },
  idNumber: { rule: '公民必填：证件号码', example: '11010519491231002X' },
  creditCode: { rule: `${organisationOnly}（必填），也可填在“证件号码”列`, example: '91350100M000100Y43' },
  legalRepresentative: { rule: `${organisationOnly}；原登记未载明的可不填`, example: '王五' },
  contactName: { rule: `${organisationOnly}；不填为法定代表人`, example: '赵六' },
  phone: { rule: '必填：手机号码或固定电话', example: '13904391234' },
  email: { rule: '选填', example: 'zhaochunmei@example.com' },
  address: { rule: '选填：邮寄送达的须填写', example: '吉林省白山市抚松县露水河镇长白街 1 号' },
  delivery: {
    rule: '选填：纸质（邮寄或自行领取）、电子邮件、光盘或当场查阅；不填为纸质邮寄',
    example: '纸质，邮寄',
  },
  channel: { rule: '选填：如网上申请、信函、当面提交，不超过 20 字', example: '信函' },
  title: { rule: '必填，不超过 200 字', example: '2026年村级道路维修资金使用情况' },
  description: { rule: '选填，不超过 2000 字', example: '2026年各村道路维修项目的资金来源和支出明细。' },
  correctionRequestedOn: { rule: '已告知补正的填写：告知日期', example: '2026-11-04' },
  correctionItems: { rule: '已告知补正的填写：补正事项，多项用“；”分隔', example: '请写明所需信息的时间范围' },
  correctionPeriodDays: { rule: '已告知补正的填写：给予的补正期限（工作日），不填为 15', example: '15' },
  correctionReceivedOn: { rule: '已收到补正的填写', example: '2026-11-10' },
  consultationSentOn: { rule: '已征求第三方意见的填写：发出日期', example: '2026-11-12' },
  consultationParty: { rule: '已征求意见的必填：征求意见的对象', example: '某某建材有限公司' },
  consultationRepliedOn: { rule: '已收到意见的填写', example: '2026-11-20' },
  extensionOn: { rule: '已延期的填写：批准延期的日期', example: '2026-11-25' },
  extensionDays: { rule: '已延期的填写：延长的工作日数（1 至 20），不填为 20', example: '20' },
  extensionReason: { rule: '已延期的填写', example: '需调取档案核实' },
  extensionRequestedBy: { rule: '已延期的必填：原系统中申请延期的人员', example: '陈静' },
  extensionApprovedBy: { rule: '已延期的必填：批准延期的负责人（不能与申请延期的为同一人）', example: '刘洋' },
};
