/**
 * 法定主动公开内容: the kinds of information every agency publishes (条例20), and the township items
 * (条例21), each with the slug of its listing on the public site. Plus the topics (主题分类) staff
 * file items under, after the State Council's document subject classification.
 */
import type { AgencyKind } from './agency.ts';

export interface Category {
  slug: string;
  name: string;
  article: string;
  /** Only towns publish these (条例21). */
  townOnly?: true;
  /** Counted in annual report table 二 by validity (条例20(1)). */
  reportRow?: 'regulations' | 'normativeDocuments';
}

export const categories: Category[] = [
  { slug: 'regulations', name: '规章', article: '条例第二十条第（一）项', reportRow: 'regulations' },
  { slug: 'normative', name: '行政规范性文件', article: '条例第二十条第（一）项', reportRow: 'normativeDocuments' },
  { slug: 'organisation', name: '机构职能', article: '条例第二十条第（二）项' },
  { slug: 'planning', name: '规划信息', article: '条例第二十条第（三）项' },
  { slug: 'statistics', name: '统计信息', article: '条例第二十条第（四）项' },
  { slug: 'licensing', name: '行政许可和对外管理服务', article: '条例第二十条第（五）项' },
  { slug: 'enforcement', name: '行政处罚和行政强制', article: '条例第二十条第（六）项' },
  { slug: 'finance', name: '财政预算决算', article: '条例第二十条第（七）项' },
  { slug: 'fees', name: '行政事业性收费', article: '条例第二十条第（八）项' },
  { slug: 'procurement', name: '政府集中采购', article: '条例第二十条第（九）项' },
  { slug: 'projects', name: '重大建设项目', article: '条例第二十条第（十）项' },
  { slug: 'livelihood', name: '扶贫、教育、医疗、社会保障、促进就业', article: '条例第二十条第（十一）项' },
  { slug: 'emergency', name: '突发公共事件应急管理', article: '条例第二十条第（十二）项' },
  {
    slug: 'supervision',
    name: '环境保护、公共卫生、安全生产、食品药品、产品质量监督检查',
    article: '条例第二十条第（十三）项',
  },
  { slug: 'recruitment', name: '公务员招考录用', article: '条例第二十条第（十四）项' },
  { slug: 'other', name: '其他应当主动公开的信息', article: '条例第二十条第（十五）项' },
  { slug: 'agriculture', name: '农业农村政策措施', article: '条例第二十一条', townOnly: true },
  { slug: 'irrigation', name: '农田水利工程建设运营', article: '条例第二十一条', townOnly: true },
  { slug: 'land-contract', name: '农村土地承包经营权流转', article: '条例第二十一条', townOnly: true },
  { slug: 'homestead', name: '宅基地使用情况审核', article: '条例第二十一条', townOnly: true },
  { slug: 'expropriation', name: '土地征收和房屋征收', article: '条例第二十一条', townOnly: true },
  { slug: 'fundraising', name: '筹资筹劳', article: '条例第二十一条', townOnly: true },
  { slug: 'assistance', name: '社会救助', article: '条例第二十一条', townOnly: true },
];

export const categoryBySlug = new Map(categories.map((c) => [c.slug, c]));
export const categoriesFor = (kind: AgencyKind) => categories.filter((c) => !c.townOnly || kind === 'town');

/** 主题分类 (after the State Council's subject classification of documents). */
export const topics = [
  '综合政务',
  '国民经济管理、国有资产监管',
  '财政、金融、审计',
  '国土资源、能源',
  '农业、林业、水利',
  '工业、交通',
  '商贸、海关、旅游',
  '市场监管、安全生产监管',
  '城乡建设、环境保护',
  '科技、教育',
  '文化、广电、新闻出版',
  '卫生、体育',
  '人口与计划生育、妇女儿童工作',
  '劳动、人事、监察',
  '公安、安全、司法',
  '民政、扶贫、救灾',
  '民族、宗教',
  '对外事务',
  '港澳台侨工作',
  '国防',
  '其他',
] as const;
