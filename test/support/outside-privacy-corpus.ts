/**
 * Outside material for the privacy guard (个人信息检查): notices as agencies publish them, with
 * personal numbers (居民身份证号码, mobile numbers, bank cards) written in the forms real documents use,
 * and the numbers that are not personal (准考证号, 注册号, the agency's own 对公账户, 统一社会信用代码,
 * 文号, 索引号, office phones) labelled as a reviewer would label them. Written from the documents
 * and from GB 11643, not from our scanner. Seeded, so every run sees the same material; nothing runs
 * on import. All names and numbers are generated; none is a real person's.
 *
 * What leaked documents look like (pages read 2026-12 through the pages search corpus):
 * - 罗塘乡《2015年12月农村低保金资金发放花名册(银行代发)》, 阳光社区《孕前优生健康检查人员名单》
 *   with 77 full ID numbers: http://big5.china.com.cn/gate/big5/news.china.com.cn/2017-11/14/content_41887052.htm,
 *   http://taihainet.com/news/txnews/cnnews/sh/2017-11-14/2073441.html
 * - 黎川县《建档立卡贫困户名单的公示》 (附件 with 姓名, 完整身份证号码):
 *   http://trustsoft.com.cn/news/show-531.aspx
 * - 新宁县 住房保障 公示 and 危房改造资金发放名单, 文号 form 新政办发[2018]47号:
 *   https://www.xuehua.us/a/5ebef18873e8c75007ac587f?lang=zh-hk
 * - 高密市《申请廉租住房人员名单公示》, 索引号 1137078555222300XQ/2015-00020: http://wakesea.com/shehui/31208.html
 * - 辛集市 城乡特困人员公示 (街道, 社区, 姓名, 性别, 特困类别, 金额, 身份证号码): https://wendabaike.com/wiki/90378.html
 * - 永安市 通报: personal mobiles in 森林防灭火 notices; masking as 138****1234:
 *   http://einc2018.com/ztzl/wzxmt/cqtb/202301/t20230104_1868472.htm
 * - 拟聘用人员 公示 columns (准考证号, 姓名, 性别, 出生年月, 学历, 岗位, 总成绩):
 *   http://www.cqmama.net/forum.php?mod=viewthread&ordertype=2&tid=658272, http://m.2exam.com/fjgwy/HUNANSY/807236_2.shtml
 * - 行政处罚决定书 contents (姓名, 身份证件的名称和号码, 住址): https://laweer.com/question/61425a7a28fbb.html
 * - 非税收入 汇缴/财政专户, 缴款书: http://www.jhnsh.com/info/1126/5156.htm
 * - 吊销营业执照 notices (企业名称, 法定代表人): https://yuanbohao.com/bk/jycs/25061.html
 * - 不动产单元号 structure (6+3+3+2+5+... ): http://qebk.com/news/b0e88d86a74645b986b7b8497bd09c4a.html
 *
 * This module writes the notices (outsideTexts); the numbers and the ways they are written are in
 * outside-privacy-numbers.ts, the DOCX, XLSX and PDF files (outsideFiles, re-exported here) in
 * outside-privacy-files.ts.
 */
import {
  agencyAccount,
  bankCard,
  bankForms,
  cnDate,
  creditCode,
  type Decoy,
  examNo,
  fours,
  htmlOnly,
  idForms,
  type Kind,
  mistype,
  mobile,
  mobileForms,
  money,
  officePhone,
  oldId,
  type OutsideText,
  pad,
  type PersonalType,
  personName,
  type Planted,
  regNo,
  residentId,
  type Rng,
  seeded,
  type TextForm,
  writeAs,
} from './outside-privacy-numbers.ts';

export type {
  Decoy,
  Form,
  Kind,
  OutsideFile,
  OutsideText,
  PersonalType,
  Planted,
  TextForm,
} from './outside-privacy-numbers.ts';
export { outsideFiles } from './outside-privacy-files.ts';

interface Person {
  name: string;
  sex: '男' | '女';
  id: string;
  mobile: string;
  bank: string;
  idForm: TextForm;
  mobileForm: TextForm;
  bankForm: TextForm;
}

/** A text under construction: every planted number and decoy is recorded where it is written. */
function builder(html: boolean) {
  let text = '';
  const truth: Planted[] = [];
  const decoys: Decoy[] = [];
  const put = (s: string) => void (text += s);
  const record = (p: Omit<Planted, 'start' | 'written'>, written: string) => {
    truth.push({ ...p, start: text.length, written });
    text += written;
  };
  /** Writes a person's number in `form`, with the link, attribute or file name around it when the form asks. */
  const plant = (type: PersonalType, value: string, form: TextForm, name = '') => {
    const p = { value, type, form, ...(form === 'mistyped' ? { mistyped: true as const } : {}) };
    if (form === 'href') {
      put(type === 'mobile' ? '<a href="tel:' : '<a href="/cx/detail?sfz=');
      record(p, value);
      put(type === 'mobile' ? '">拨打</a>' : '&amp;t=1">查看</a>');
    } else if (form === 'attribute') {
      put(`<span class="mask" data-sfz="`);
      record(p, value);
      put(`" title="${name}">${value.slice(0, 3)}***********${value.slice(-4)}</span>`);
    } else if (form === 'filename') {
      if (html) {
        put(`<a href="/uploads/2026/${name}`);
        record(p, value);
        put(`.pdf">${name}`);
        record(p, value);
        put('.pdf</a>');
      } else {
        put(`附件：${name}`);
        record(p, value);
        put('.pdf');
      }
    } else record(p, writeAs(form, value, type, html));
  };
  const decoy = (why: string, value: string, written = value) => {
    decoys.push({ value, why, start: text.length, written });
    text += written;
  };
  return { put, plant, decoy, html, result: () => ({ text, truth, decoys }) };
}
type Builder = ReturnType<typeof builder>;

/** Forms rotate over the whole corpus, so each appears many times and in every kind. */
function people(r: Rng, n: number, turn: { id: number; mobile: number; bank: number }, html: boolean): Person[] {
  const next = (forms: TextForm[], key: 'id' | 'mobile' | 'bank') => {
    for (;;) {
      const f = forms[turn[key]++ % forms.length]!;
      if (html || !htmlOnly.has(f)) return f;
    }
  };
  return Array.from({ length: n }, () => {
    const idForm = next(idForms, 'id');
    // IDs written with a small x end in X; half the full-width ones end in Ｘ, about one in eight elsewhere.
    const endsInX = idForm === 'lower-x' || r.int(0, idForm === 'fullwidth' ? 1 : 7) === 0;
    const base = residentId(r, endsInX);
    const id = idForm === 'old-15' ? oldId(r) : idForm === 'mistyped' ? mistype(r, base) : base;
    return {
      name: personName(r),
      sex: r.pick(['男', '女'] as const),
      id,
      mobile: mobile(r),
      bank: bankCard(r),
      idForm,
      mobileForm: next(mobileForms, 'mobile'),
      bankForm: next(bankForms, 'bank'),
    };
  });
}

// ---- the documents ----
const towns = [
  '抚松镇',
  '松江河镇',
  '泉阳镇',
  '露水河镇',
  '仙人桥镇',
  '万良镇',
  '北岗镇',
  '兴参镇',
  '东岗镇',
  '漫江镇',
];
const villages = ['新屯村', '东兴村', '柳树河村', '大营村', '榆树川村', '黄家崴子村', '西林河村'];
type Cell = (b: Builder, p: Person, i: number) => void;
const txt =
  (s: (p: Person, i: number) => string): Cell =>
  (b, p, i) =>
    b.put(s(p, i));
const idCell: Cell = (b, p) => b.plant('id', p.id, p.idForm, p.name);
const mobileCell: Cell = (b, p) => b.plant('mobile', p.mobile, p.mobileForm);
const bankCell: Cell = (b, p) => b.plant('bank', p.bank, p.bankForm);

function table(b: Builder, heads: string[], cells: Cell[], rows: Person[]) {
  if (b.html) b.put(`<table class="gs-table" border="1"><tr>${heads.map((h) => `<th>${h}</th>`).join('')}</tr>\n`);
  else b.put(`${heads.join('\t')}\n`);
  rows.forEach((p, i) => {
    b.put(b.html ? '<tr>' : '');
    cells.forEach((c, k) => {
      b.put(b.html ? '<td>' : k ? '\t' : '');
      c(b, p, i);
      if (b.html) b.put('</td>');
    });
    b.put(b.html ? '</tr>\n' : '\n');
  });
  if (b.html) b.put('</table>\n');
}
const para = (b: Builder, write: () => void) => {
  b.put(b.html ? '<p>' : '');
  write();
  b.put(b.html ? '</p>\n' : '\n');
};
const heading = (b: Builder, s: string) => b.put(b.html ? `<h1 class="article-title">${s}</h1>\n` : `${s}\n`);
/** The page's metadata block as county sites print it: 索引号, 发文机关, 文号, 发布日期. */
function metaBlock(b: Builder, r: Rng, agency: string, docPrefix: string) {
  const code = creditCode(r, '11');
  para(b, () => {
    b.put('索引号：');
    b.decoy('索引号', `${code}/2026-${pad(r.int(1, 99999), 5)}`);
    b.put(`　发布机构：${agency}　文号：`);
    b.decoy('文号', `${docPrefix}〔2026〕${r.int(1, 120)}号`);
    b.put('　发布日期：');
    b.decoy('日期', cnDate(r));
  });
}
function supervision(b: Builder, r: Rng, agency: string) {
  para(b, () => {
    b.put(`公示期间，如有异议，请向${agency}反映。监督电话：`);
    b.decoy('办公电话', officePhone(r));
    b.put(`。\n${agency}　`);
    b.decoy('日期', cnDate(r));
  });
}
function agencyAccountPara(b: Builder, r: Rng, holder: string) {
  para(b, () => {
    b.put(`收款单位：${holder}　统一社会信用代码：`);
    b.decoy('统一社会信用代码', creditCode(r, '11'));
    b.put('\n开户行：中国建设银行抚松支行　单位账户：');
    const acct = agencyAccount(r);
    b.decoy('对公账户（收款账户）', acct, fours(acct));
  });
}

const kinds: Record<Kind, (b: Builder, r: Rng, rows: Person[]) => void> = {
  dibao(b, r, rows) {
    const town = r.pick(towns);
    heading(b, `${town}2026年${r.int(1, 11)}月农村最低生活保障金发放花名册（银行代发）公示`);
    metaBlock(b, r, '抚松县民政局', '松民发');
    para(b, () =>
      b.put(
        `根据《社会救助暂行办法》和《吉林省最低生活保障办法》，经个人申请、入户调查、民主评议和审核审批，现将${town}城乡低保对象名单予以公示，公示期为7天。`,
      ),
    );
    table(
      b,
      ['序号', '村（社区）', '户主姓名', '身份证号码', '保障人数', '月保障金（元）', '银行卡号'],
      [
        txt((_, i) => String(i + 1)),
        txt(() => r.pick(villages)),
        txt((p) => p.name),
        idCell,
        txt(() => String(r.int(1, 5))),
        (bb) => bb.decoy('金额', money(r, 200, 1800)),
        bankCell,
      ],
      rows,
    );
    supervision(b, r, `${town}人民政府`);
  },
  zhengshou(b, r, rows) {
    heading(
      b,
      `抚松县${r.pick(['城西片区', '松江路', '东山棚户区'])}改造项目国有土地上房屋征收补偿情况公示（第${r.int(1, 9)}批）`,
    );
    metaBlock(b, r, '抚松县房屋征收经办中心', '松征字');
    para(b, () => b.put('依据《国有土地上房屋征收与补偿条例》第二十九条，现将分户补偿情况公示如下：'));
    table(
      b,
      ['被征收人', '身份证号', '房屋坐落', '建筑面积（㎡）', '补偿金额（元）', '开户行', '账号', '联系电话'],
      [
        txt((p) => p.name),
        idCell,
        txt(() => `${r.pick(['人民大街', '松江路', '东山街'])}${r.int(1, 300)}号`),
        (bb) => bb.decoy('面积', `${r.int(40, 160)}.${pad(r.int(0, 99), 2)}`),
        (bb) => bb.decoy('金额', money(r, 80000, 900000)),
        txt(() => r.pick(['中国农业银行抚松支行', '吉林农商银行', '中国工商银行抚松支行'])),
        bankCell,
        mobileCell,
      ],
      rows,
    );
    para(b, () => b.put('征收补偿资金专户信息：'));
    agencyAccountPara(b, r, '抚松县房屋征收经办中心');
    supervision(b, r, '抚松县房屋征收经办中心');
  },
  chufa(b, r, rows) {
    const agency = r.pick(['抚松县市场监督管理局', '抚松县自然资源局', '抚松县城市管理行政执法局']);
    heading(b, `${agency}行政处罚决定书`);
    metaBlock(b, r, agency, r.pick(['松市监处罚', '松自然罚', '松城执罚']));
    for (const p of rows) {
      para(b, () => {
        b.put(`当事人：${p.name}，性别：${p.sex}，公民身份号码：`);
        idCell(b, p, 0);
        b.put(`，住址：抚松县${r.pick(towns)}${r.pick(villages)}${r.int(1, 40)}组，联系电话：`);
        mobileCell(b, p, 0);
        b.put('。\n经查，当事人于');
        b.decoy('日期', cnDate(r));
        b.put(`实施了违法行为。依据有关规定，决定对当事人处以罚款人民币`);
        b.decoy('金额', money(r, 500, 50000));
        b.put('元。当事人应自收到本决定书之日起十五日内，持缴款书到代收银行缴纳罚款。');
      });
    }
    agencyAccountPara(b, r, '抚松县财政局非税收入汇缴专户');
    para(b, () => {
      b.put('如不服本处罚决定，可在收到本决定书之日起六十日内申请行政复议。咨询电话：');
      b.decoy('办公电话', officePhone(r));
    });
  },
  luyong(b, r, rows) {
    heading(b, `抚松县2026年事业单位公开招聘工作人员拟聘用人员名单公示`);
    metaBlock(b, r, '抚松县人力资源和社会保障局', '松人社发');
    para(b, () => b.put('经笔试、面试、体检和考察，现将拟聘用人员名单予以公示，公示期为7个工作日。'));
    table(
      b,
      ['序号', '姓名', '性别', '准考证号', '身份证号', '毕业院校', '总成绩', '联系电话'],
      [
        txt((_, i) => String(i + 1)),
        txt((p) => p.name),
        txt((p) => p.sex),
        (bb) => bb.decoy('准考证号', examNo(r)),
        idCell,
        txt(() => r.pick(['吉林大学', '东北师范大学', '长春工业大学', '北华大学', '通化师范学院'])),
        (bb) => bb.decoy('成绩', `${r.int(60, 89)}.${pad(r.int(0, 99), 2)}`),
        mobileCell,
      ],
      rows,
    );
    supervision(b, r, '抚松县人力资源和社会保障局');
  },
  budongchan(b, r, rows) {
    heading(b, '抚松县不动产首次登记公告');
    metaBlock(b, r, '抚松县不动产登记中心', '松不动产公告');
    para(b, () =>
      b.put(
        '经初步审定，我机构拟对下列不动产权利予以首次登记，根据《不动产登记暂行条例实施细则》第十七条的规定，现予公告。',
      ),
    );
    table(
      b,
      ['权利人', '证件号码', '不动产单元号', '坐落', '面积（㎡）'],
      [
        txt((p) => p.name),
        idCell,
        (bb) =>
          bb.decoy(
            '不动产单元号',
            `220621${pad(r.int(1, 12), 3)}${pad(r.int(1, 30), 3)}JC${r.digits(5)}F${r.digits(8)}`,
          ),
        txt(() => `抚松县${r.pick(towns)}${r.pick(villages)}`),
        (bb) => bb.decoy('面积', `${r.int(80, 900)}.${pad(r.int(0, 99), 2)}`),
      ],
      rows,
    );
    supervision(b, r, '抚松县不动产登记中心');
  },
  baoming(b, r, rows) {
    heading(b, '2026年抚松县公开招聘社区工作者资格审查合格人员名单');
    metaBlock(b, r, '抚松县民政局', '松民函');
    table(
      b,
      ['报名序号', '准考证号', '姓名', '身份证号码', '手机号码'],
      [
        (bb) => bb.decoy('报名序号', examNo(r)),
        (bb) => bb.decoy('准考证号', examNo(r)),
        txt((p) => p.name),
        idCell,
        mobileCell,
      ],
      rows,
    );
    para(b, () => {
      b.put('请考生于');
      b.decoy('日期', cnDate(r));
      b.put('登录报名网站打印准考证。考务咨询电话：');
      b.decoy('办公电话', officePhone(r));
    });
  },
  gongshang(b, r, rows) {
    heading(b, '关于吊销部分个体工商户营业执照的公告');
    metaBlock(b, r, '抚松县市场监督管理局', '松市监公告');
    para(b, () => b.put('下列个体工商户自领取营业执照后无正当理由超过六个月未开业，依法吊销其营业执照。'));
    table(
      b,
      ['字号名称', '注册号', '统一社会信用代码', '经营者', '身份证号', '联系电话'],
      [
        txt(
          () =>
            `抚松县${r.pick(['鑫源', '福兴', '长白山', '松江', '参乡'])}${r.pick(['商店', '饭店', '养殖场', '汽车修理部'])}`,
        ),
        (bb) => bb.decoy('工商注册号', regNo(r, true)),
        (bb) => bb.decoy('统一社会信用代码', creditCode(r, '92')),
        txt((p) => p.name),
        idCell,
        mobileCell,
      ],
      rows,
    );
    supervision(b, r, '抚松县市场监督管理局');
  },
  feishui(b, r, rows) {
    heading(b, '关于缴纳2026年度城镇土地使用税及相关非税收入的通知');
    metaBlock(b, r, '抚松县财政局', '松财非税');
    para(b, () => {
      b.put('请下列缴款人于');
      b.decoy('日期', cnDate(r));
      b.put('前将应缴款项缴入下列账户，缴款时注明缴款人姓名及身份证号。');
    });
    agencyAccountPara(b, r, '抚松县财政局非税收入汇缴结算户');
    table(
      b,
      ['缴款人', '身份证号', '手机', '应缴金额（元）', '退付账户'],
      [txt((p) => p.name), idCell, mobileCell, (bb) => bb.decoy('金额', money(r, 100, 20000)), bankCell],
      rows,
    );
    para(b, () => {
      b.put('联系电话：');
      b.decoy('办公电话', officePhone(r));
    });
  },
};

/** 48 notices: six of each kind, alternating plain text and HTML, six to eight people each. */
export function outsideTexts(seed = 11643): OutsideText[] {
  const r = seeded(seed);
  const turn = { id: 0, mobile: 0, bank: 0 };
  const out: OutsideText[] = [];
  for (let round = 0; round < 6; round++) {
    for (const kind of Object.keys(kinds) as Kind[]) {
      const carrier = (round + out.length) % 2 ? 'html' : 'text';
      const b = builder(carrier === 'html');
      if (b.html) b.put('<div class="TRS_Editor">\n');
      kinds[kind](b, r, people(r, kind === 'chufa' ? 3 : r.int(6, 8), turn, b.html));
      if (b.html) b.put('</div>\n');
      out.push({ id: `${kind}-${round + 1}`, kind, carrier, ...b.result() });
    }
  }
  return out;
}
