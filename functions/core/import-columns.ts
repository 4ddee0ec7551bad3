/**
 * The columns the imports take (历史信息导入): the old catalogue's and the carried-over cases', by their
 * API names, with the Chinese name each error is given under. The importers check rows by these
 * (catalogue-import.ts, case-import.ts); the console's templates and its list of expected columns are
 * made from them and from what to write in each (import-guides.ts, which only the console's bundle
 * carries: web/import/sheet.js), so a template has exactly the columns the importer takes. Imports
 * nothing: the browser's bundle carries it.
 */

export const catalogueColumns = {
  title: '名称',
  category: '信息类别',
  topic: '主题分类',
  documentNumber: '文号',
  writtenOn: '成文日期',
  publishedOn: '发布日期',
  indexNumber: '索引号',
  validity: '有效性',
  repealedOn: '废止日期',
  summary: '内容概述',
  body: '正文',
  attachments: '附件',
} as const;
export type CatalogueColumn = keyof typeof catalogueColumns;

export const caseColumns = {
  oldNumber: '原编号',
  receivedOn: '收到申请日期',
  applicantType: '申请人类型',
  orgType: '法人类别',
  name: '姓名或名称',
  idType: '证件类型',
  idNumber: '证件号码',
  creditCode: '统一社会信用代码',
  legalRepresentative: '法定代表人',
  contactName: '联系人',
  phone: '联系电话',
  email: '电子邮箱',
  address: '通讯地址',
  delivery: '获取方式',
  channel: '申请方式',
  title: '所需信息名称',
  description: '所需信息描述',
  correctionRequestedOn: '补正告知日期',
  correctionItems: '补正内容',
  correctionPeriodDays: '补正期限（工作日）',
  correctionReceivedOn: '收到补正日期',
  consultationSentOn: '征求意见日期',
  consultationParty: '征求意见对象',
  consultationRepliedOn: '收到意见日期',
  extensionOn: '延期日期',
  extensionDays: '延期工作日数',
  extensionReason: '延期理由',
  extensionRequestedBy: '延期申请人',
  extensionApprovedBy: '延期批准人',
} as const;
export type CaseColumn = keyof typeof caseColumns;
