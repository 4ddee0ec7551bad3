/**
 * Outside material for the 严重表述错误 check (issue 42): short passages in the register of real
 * 公告, 通知, 工作动态 and 政府工作报告 paragraphs, some with planted errors (kind, the wrong form as
 * written, the right form, character offsets), some clean and full of look-alikes that must not be
 * flagged, and a few table cells as they come out of DOCX/XLSX attachments. Written from the public
 * sources listed in outside-expression-entries.ts (the 新华社 list, 抽查通报, 机构改革方案, the
 * formulations as the 决议 and 政府工作报告 word them), not from the checker, which was not read.
 *
 * Where an error sits varies: the title, a summary, the body, inside a quotation (“…” with inner ‘…’,
 * or 「…」), split by a line break (\n or \r\n inside the wrong form, as text extracted from a PDF or a
 * hard-wrapped DOCX has it), and in text typed with half-width punctuation. Offsets are JavaScript
 * string indexes; every character here is in the BMP, so they are also character offsets.
 *
 * Deterministic: the same corpus on every run; nothing runs on import.
 */
import { Buffer } from 'node:buffer';
import { entries, type ExpressionKind, type Placement } from './outside-expression-entries.ts';
import { seeded } from './outside-privacy-numbers.ts';

export type { Entry, ExpressionKind, Placement, Source, SourceKey } from './outside-expression-entries.ts';
export { entries, kindLabels, leftOut, sources } from './outside-expression-entries.ts';

export type Carrier = 'title' | 'summary' | 'body' | 'docx-cell' | 'xlsx-cell';
export type Genre = '工作动态' | '通知' | '公告' | '政府工作报告' | '附件表格';

export interface PlantedError {
  /** The entry in outside-expression-entries.ts. */
  entry: string;
  kind: ExpressionKind;
  /** Exactly text.slice(start, end): may hold a line break or half-width quotation marks. */
  wrong: string;
  right: string;
  start: number;
  end: number;
  rule: string;
}

export interface Passage {
  id: string;
  carrier: Carrier;
  genre: Genre;
  placement: Placement;
  text: string;
  /** Empty for a clean passage. */
  errors: PlantedError[];
  /** Clean passages: why nothing in them is wrong, and the look-alikes a careless check would flag. */
  clean?: { kind: ExpressionKind; why: string; lookalikes: string[] };
}

// ---- writing the passages ----
const agencies = [
  '县人民政府办公室',
  '市发展和改革委员会',
  '区教育局',
  '县市场监督管理局',
  '镇人民政府',
  '市生态环境局',
  '县民政局',
  '市司法局',
  '县农业农村局',
  '区卫生健康局',
  '县应急管理局',
  '市人力资源和社会保障局',
];
const dates = ['2025年3月12日', '2025年4月8日', '2025年6月17日', '2025年9月23日', '2025年11月5日', '2026年1月14日'];

interface Frame {
  genre: Genre;
  text: string;
}
const bodyFrames: Frame[] = [
  {
    genre: '工作动态',
    text: '{D}，{A}召开党组理论学习中心组（扩大）学习会议。{P}。会议要求，各科室要结合职责抓好落实，确保各项工作取得实效。',
  },
  {
    genre: '工作动态',
    text: '{D}上午，{A}组织全体干部职工开展集中学习。{P}。大家纷纷表示，将以更加饱满的热情投入到各项工作中。',
  },
  {
    genre: '通知',
    text: '各乡镇人民政府、街道办事处，县直各单位：\n{P}。为做好相关工作，现将有关事项通知如下，请认真遵照执行。\n{A}\n{D}',
  },
  {
    genre: '通知',
    text: '各有关单位：\n根据工作安排，{P}。请各单位高度重视，明确专人负责，按时报送相关材料。\n{A}\n{D}',
  },
  {
    genre: '工作动态',
    text: '{D}，{A}召开专题会议，研究部署近期重点工作。{P}。会议强调，要压实责任、细化措施，确保各项任务按时保质完成。',
  },
  {
    genre: '政府工作报告',
    text: '各位代表：过去一年，在市委的坚强领导下，全市上下团结奋斗。{P}。全市经济运行稳中有进，各项社会事业全面发展。',
  },
  {
    genre: '政府工作报告',
    text: '今年是“十四五”规划收官之年。{P}。我们将坚持稳中求进工作总基调，扎实推动高质量发展。',
  },
  { genre: '工作动态', text: '为进一步提升干部队伍履职能力，{A}于{D}举办专题培训班。培训中，{P}。' },
];
const quotationFrames: Frame[] = [
  {
    genre: '工作动态',
    text: '{D}，{A}召开全体干部大会。会议指出：“{P}。”会议要求，各级各部门要认真抓好贯彻落实。',
  },
  { genre: '工作动态', text: '{A}主要负责同志在调研时强调：“{P}，切实把各项工作抓实抓细。”' },
];
const cornerFrames: Frame[] = [{ genre: '工作动态', text: '{D}，{A}召开专题会议。会议强调：「{P}。」' }];

const halfWidth: Record<string, string> = {
  '，': ',',
  '。': '.',
  '：': ':',
  '；': ';',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '（': '(',
  '）': ')',
  '！': '!',
  '？': '?',
};
/** Text typed with an English input method: ASCII punctuation throughout. */
const toHalfWidth = (s: string) => s.replace(/[，。：；“”‘’（）！？]/g, (c) => halfWidth[c]!);
/** Quotation marks inside a quotation become single ones, as 《标点符号用法》 has it. */
const innerQuotes = (s: string) => s.replace(/“/g, '‘').replace(/”/g, '’');
/** A hard wrap inside the form, as PDF and DOCX extraction leaves it. */
const wrap = (s: string, crlf: boolean) => {
  const k = Math.ceil(s.length / 2);
  return `${s.slice(0, k)}${crlf ? '\r\n' : '\n'}${s.slice(k)}`;
};
/** Quotation marks of every width and shape compare equal; line breaks vanish. */
const normalise = (s: string) => s.replace(/\r?\n/g, '').replace(/[“”‘’「」『』"']/g, '"');

const mark = (written: string, right: string) => `[[${written}→${right}]]`;
const entryByForms = new Map(entries.map((e) => [`${normalise(e.wrong)}→${normalise(e.right)}`, e]));

/** Turns `[[written→right]]` marks into text and ground truth. */
function parseMarks(marked: string): { text: string; errors: PlantedError[] } {
  let text = '';
  const errors: PlantedError[] = [];
  let last = 0;
  for (const m of marked.matchAll(/\[\[([\s\S]*?)→([\s\S]*?)\]\]/g)) {
    const written = m[1]!;
    const entry = entryByForms.get(`${normalise(written)}→${normalise(m[2]!)}`);
    if (!entry) throw new Error(`no entry for ${written}→${m[2]}`);
    text += marked.slice(last, m.index);
    errors.push({
      entry: entry.id,
      kind: entry.kind,
      wrong: written,
      right: entry.right,
      start: text.length,
      end: text.length + written.length,
      rule: entry.rule,
    });
    text += written;
    last = m.index + m[0].length;
  }
  return { text: text + marked.slice(last), errors };
}

const framedPlacements: Placement[] = ['body', 'quotation', 'line-break', 'halfwidth', 'summary', 'corner-quotes'];

function writer() {
  const r = seeded(20250312);
  const turn = { planted: 0, clean: 3, body: 0, quotation: 0, crlf: 0, title: 0 };
  const nextPlacement = (key: 'planted' | 'clean', allowed: Placement[] | undefined) => {
    for (;;) {
      const p = framedPlacements[turn[key]++ % framedPlacements.length]!;
      if (!allowed || allowed.includes(p)) return p;
    }
  };
  /** One passage around `phrase`, `form` standing at its `@` (already marked, wrapped or bare). */
  const frame = (phrase: string, form: string, placement: Placement): { text: string; genre: Genre } => {
    const fill = (f: Frame, p: string) => ({
      genre: f.genre,
      text: f.text.replace('{P}', p).replaceAll('{A}', r.pick(agencies)).replaceAll('{D}', r.pick(dates)),
    });
    const p = phrase.replace('@', form);
    if (placement === 'summary') return { genre: '工作动态', text: `${p}。` };
    if (placement === 'quotation')
      return fill(quotationFrames[turn.quotation++ % quotationFrames.length]!, innerQuotes(p));
    if (placement === 'corner-quotes') return fill(cornerFrames[0]!, p);
    const f = fill(bodyFrames[turn.body++ % bodyFrames.length]!, p);
    return placement === 'halfwidth' ? { ...f, text: toHalfWidth(f.text) } : f;
  };
  const written = (form: string, placement: Placement) =>
    placement === 'line-break' ? wrap(form, turn.crlf++ % 3 === 2) : form;
  const titleText = (template: string, form: string) => {
    const t = template.replace('@', form);
    return t.startsWith('关于') && turn.title++ % 2 === 0 ? `${r.pick(agencies)}${t}` : t;
  };
  const titleGenre = (t: string): Genre => (t.endsWith('通知') ? '通知' : /公告|通告$/.test(t) ? '公告' : '工作动态');
  return { nextPlacement, frame, written, titleText, titleGenre };
}

function entryPassages(): Passage[] {
  const w = writer();
  const out: Passage[] = [];
  for (const e of entries) {
    let planted = 0;
    let clean = 0;
    const plant = (phrase: string, placement: Placement) => {
      const f = w.frame(phrase, mark(w.written(e.wrong, placement), e.right), placement);
      const { text, errors } = parseMarks(f.text);
      out.push({
        id: `${e.id}-w${++planted}`,
        carrier: placement === 'summary' ? 'summary' : 'body',
        genre: f.genre,
        placement,
        text,
        errors,
      });
    };
    const cleanOf = (why: string) => ({ kind: e.kind, why, lookalikes: [e.right] });
    const rightWhy = `写的是规范形式“${e.right}”，不是“${e.wrong}”`;
    for (const phrase of e.phrases) plant(phrase, w.nextPlacement('planted', e.placements));
    // A second sighting of the first phrase, placed differently, so every entry is met twice; a form
    // with quotation marks in it is met again in half-width marks and as single quotes in a quotation.
    const again: Placement[] = e.wrong.includes('“')
      ? ['halfwidth', 'quotation']
      : [w.nextPlacement('planted', e.placements)];
    for (const placement of again) plant(e.phrases[0]!, placement);
    for (const phrase of e.phrases) {
      const placement = w.nextPlacement('clean', e.placements);
      const f = w.frame(phrase, w.written(e.right, placement), placement);
      const carrier = placement === 'summary' ? 'summary' : 'body';
      out.push({
        id: `${e.id}-c${++clean}`,
        carrier,
        genre: f.genre,
        placement,
        text: f.text,
        errors: [],
        clean: cleanOf(rightWhy),
      });
    }
    for (const template of e.titles ?? []) {
      const { text, errors } = parseMarks(w.titleText(template, mark(e.wrong, e.right)));
      out.push({
        id: `${e.id}-w${++planted}`,
        carrier: 'title',
        genre: w.titleGenre(text),
        placement: 'title',
        text,
        errors,
      });
      const cleanTitle = w.titleText(template, e.right);
      out.push({
        id: `${e.id}-c${++clean}`,
        carrier: 'title',
        genre: w.titleGenre(cleanTitle),
        placement: 'title',
        text: cleanTitle,
        errors: [],
        clean: cleanOf(rightWhy),
      });
    }
  }
  return out;
}

// ---- clean passages written for their look-alikes ----
interface Special {
  kind: ExpressionKind;
  text: string;
  why: string;
  lookalikes: string[];
  genre?: Genre;
  placement?: Placement;
  carrier?: Carrier;
}
const specials: Special[] = [
  // 名称、职务
  {
    kind: 'name-title',
    text: '2025年3月5日，第十四届全国人民代表大会第三次会议在北京人民大会堂开幕。中共中央总书记、国家主席、中央军委主席习近平等党和国家领导人出席大会。',
    why: '职务按规范顺序写全；全国人大按“届”、会议按“次”',
    lookalikes: ['第十四届全国人民代表大会', '中共中央总书记', '国家主席', '中央军委主席'],
  },
  {
    kind: 'name-title',
    text: '国家主席习近平同法国总统举行会谈。双方一致同意，进一步深化中法全面战略伙伴关系。',
    why: '“总统”用于外国元首是正确的',
    lookalikes: ['国家主席', '法国总统'],
  },
  {
    kind: 'name-title',
    text: '本届峰会期间，共有20多个国家总统和政府首脑出席开幕式。',
    why: '“多个国家总统”指外国元首，不是我国国家主席的职务',
    lookalikes: ['国家总统'],
  },
  {
    kind: 'name-title',
    text: '省人大常委会主任会议审议了《省人大常委会2025年度监督工作计划（草案）》。',
    why: '地方人大常委会的负责人称主任',
    lookalikes: ['人大常委会主任'],
  },
  {
    kind: 'name-title',
    text: '十四届全国人大常委会委员长会议建议，常委会下次会议继续审议有关法律草案。',
    why: '全国人大常委会委员长会议是规范名称',
    lookalikes: ['全国人大常委会委员长'],
  },
  {
    kind: 'name-title',
    text: '县人民检察院联合县市场监督管理局开展食品安全领域公益诉讼专项监督检查。',
    why: '机构名称写“检察院”；“监督检查”是普通词语',
    lookalikes: ['人民检察院', '监督检查'],
  },
  {
    kind: 'name-title',
    text: '国务院总理主持召开国务院常务会议，研究部署进一步优化营商环境有关工作，国务院副总理出席会议。',
    why: '职务名称正确',
    lookalikes: ['国务院总理', '国务院副总理'],
  },
  {
    kind: 'name-title',
    text: '国务院总理会见来访的新加坡总理，双方就深化经贸合作交换意见。',
    why: '“总理”用于外国政府首脑是正确的',
    lookalikes: ['国务院总理', '新加坡总理'],
  },
  {
    kind: 'name-title',
    text: '党的二十大报告指出，从现在起，中国共产党的中心任务就是团结带领全国各族人民全面建成社会主义现代化强国、实现第二个百年奋斗目标，以中国式现代化全面推进中华民族伟大复兴。',
    why: '引用党的二十大报告原文',
    lookalikes: ['党的二十大', '全面建成社会主义现代化强国', '中华民族'],
  },
  {
    kind: 'name-title',
    text: '中国共产党第二十届中央委员会第三次全体会议于2024年7月15日至18日在北京举行，审议通过了《中共中央关于进一步全面深化改革、推进中国式现代化的决定》。',
    why: '中央委员会按“届”称（全国代表大会才称“次”）',
    lookalikes: ['第二十届中央委员会'],
  },
  {
    kind: 'name-title',
    text: '中国人民政治协商会议第十四届全国委员会第三次会议于2025年3月4日在北京开幕。',
    why: '机构名称和届次正确',
    lookalikes: ['中国人民政治协商会议', '第十四届全国委员会'],
  },
  {
    kind: 'name-title',
    text: '《中华人民共和国宪法》规定，中华人民共和国主席根据全国人民代表大会的决定和全国人民代表大会常务委员会的决定，公布法律。',
    why: '转述宪法条文，名称正确',
    lookalikes: ['中华人民共和国主席', '全国人民代表大会常务委员会'],
  },
  {
    kind: 'name-title',
    text: '全国人民代表大会常务\n委员会法制工作委员会发言人介绍了年度立法工作计划。',
    why: '正确名称被换行拆开，不是错字',
    lookalikes: ['全国人民代表大会常务委员会'],
    placement: 'line-break',
  },
  {
    kind: 'name-title',
    text: '会议传达学习了中共中央总\n书记、国家主席、中央军委主席习近平重要讲话精神。',
    why: '正确职务被换行拆开',
    lookalikes: ['中共中央总书记'],
    placement: 'line-break',
  },
  {
    kind: 'name-title',
    text: '国务院总\r\n理签署国务院令，公布《政府投资条例》。',
    why: '正确职务被回车换行拆开',
    lookalikes: ['国务院总理'],
    placement: 'line-break',
  },
  {
    kind: 'name-title',
    text: '县人民政府办公室关于认真学习贯彻党的二十届三中全会精神的通知',
    why: '标题中的会议名称正确',
    lookalikes: ['二十届三中全会'],
    placement: 'title',
    carrier: 'title',
    genre: '通知',
  },
  {
    kind: 'name-title',
    text: '习近平总书记强调，要坚持以人民为中心的发展思想，不断实现人民对美好生活的向往。',
    why: '领导人姓名和职务正确',
    lookalikes: ['习近平总书记'],
  },
  // 规范提法
  {
    kind: 'formulation',
    text: '会议要求,全体党员干部要深刻领悟"两个确立"的决定性意义,增强"四个意识"、坚定"四个自信"、做到"两个维护".',
    why: '半角标点下的规范提法，内容正确',
    lookalikes: ['两个确立', '四个意识', '四个自信', '两个维护'],
    placement: 'halfwidth',
  },
  {
    kind: 'formulation',
    text: '会议强调，要深刻领悟「两个确立」的决定性意义，坚决做到「两个维护」。',
    why: '直角引号中的规范提法',
    lookalikes: ['两个确立', '两个维护'],
    placement: 'corner-quotes',
  },
  {
    kind: 'formulation',
    text: '党确立习近平同志党中央的核心、全党的核心地位，确立习近平新时代中国特色社会主义思想的指导地位，反映了全党全军全国各族人民共同心愿。',
    why: '“两个确立”按《决议》原文',
    lookalikes: ['指导地位', '核心地位'],
  },
  {
    kind: 'formulation',
    text: '增强政治意识、大局意识、核心意识、看齐意识，坚定道路自信、理论自信、制度自信、文化自信。',
    why: '“四个意识”“四个自信”全文正确',
    lookalikes: ['大局意识', '文化自信'],
  },
  {
    kind: 'formulation',
    text: '加强生态建设和环境保护，筑牢我国北方重要生态安全屏障。',
    why: '“生态建设”在“五位一体”列举之外是普通说法',
    lookalikes: ['生态建设'],
  },
  {
    kind: 'formulation',
    text: '统筹推进“五位一体”总体布局，协调推进“四个全面”战略布局。',
    why: '两个布局的名称各就其位',
    lookalikes: ['“五位一体”总体布局', '“四个全面”战略布局'],
  },
  {
    kind: 'formulation',
    text: '坚持党中央集中统一领导，确保党中央决策部署在本地区落地见效。',
    why: '“集中统一领导”语序正确',
    lookalikes: ['集中统一领导'],
  },
  {
    kind: 'formulation',
    text: '铸牢中华民族共同体意识，推动各民族共同团结奋斗、共同繁荣发展。',
    why: '规范提法',
    lookalikes: ['中华民族'],
  },
  {
    kind: 'formulation',
    text: '秉持人类命运共同体理念，推动共建“一带一路”高质量发展。',
    why: '规范提法',
    lookalikes: ['人类命运共同体'],
  },
  {
    kind: 'formulation',
    text: '把社会主义核心价值观融入法治建设、融入社会发展、融入日常生活。',
    why: '规范提法',
    lookalikes: ['社会主义核心价值观'],
  },
  {
    kind: 'formulation',
    text: '不忘初心、牢记使命，为党和人民事业不懈奋斗。',
    why: '规范提法',
    lookalikes: ['不忘初心'],
  },
  {
    kind: 'formulation',
    text: '习近平新时代中国特色社\n会主义思想是当代中国马克思主义、二十一世纪马克思主义，是中华文化和中国精神的时代精华。',
    why: '正确提法被换行拆开',
    lookalikes: ['习近平新时代中国特色社会主义思想'],
    placement: 'line-break',
  },
  {
    kind: 'formulation',
    text: '以习近平同志为核心的党中央团结带领全党全国各族人民，推动党和国家事业取得历史性成就、发生历史性变革。',
    why: '规范提法',
    lookalikes: ['以习近平同志为核心的党中央'],
  },
  {
    kind: 'formulation',
    text: '坚持以马克思列宁主义、毛泽东思想、邓小平理论、"三个代表"重要思想、科学发展观、习近平新时代中国特色社会主义思想为指导.',
    why: '半角引号中的指导思想全称，正确',
    lookalikes: ['邓小平理论', '"三个代表"重要思想'],
    placement: 'halfwidth',
  },
  {
    kind: 'formulation',
    text: '《中华人民共和国宪法》序言确认了中国共产党的领导地位。',
    why: '“领导地位”用于党的领导是正确的，只有在“两个确立”中才应为“指导地位”',
    lookalikes: ['领导地位'],
  },
  {
    kind: 'formulation',
    text: '各部门要增强全局意识，加强协同配合，形成工作合力。',
    why: '“全局意识”在“四个意识”列举之外是普通说法',
    lookalikes: ['全局意识'],
  },
  {
    kind: 'formulation',
    text: '三十年来，她不忘初衷，扎根乡村学校教书育人。',
    why: '“不忘初衷”作普通成语用，不在“不忘初心、牢记使命”的提法中',
    lookalikes: ['不忘初衷'],
  },
  // 过时表述（正确的史实和引用）
  {
    kind: 'outdated',
    text: '2018年国务院机构改革前的国家工商行政管理总局负责企业登记注册，改革后相关职责由国家市场监督管理总局承担。',
    why: '叙述机构改革前的史实',
    lookalikes: ['国家工商行政管理总局'],
  },
  {
    kind: 'outdated',
    text: '根据2018年3月第十三届全国人民代表大会第一次会议批准的国务院机构改革方案，组建自然资源部，不再保留国土资源部、国家海洋局、国家测绘地理信息局。',
    why: '转述机构改革方案本身',
    lookalikes: ['国土资源部'],
  },
  {
    kind: 'outdated',
    text: '原国家工商行政管理总局于2014年发布的《企业经营异常名录管理暂行办法》对列入经营异常名录的情形作了规定。',
    why: '“原”字标明已撤销的机构，叙述其当年的规章',
    lookalikes: ['国家工商行政管理总局'],
  },
  {
    kind: 'outdated',
    text: '《不动产登记暂行条例实施细则》2016年1月由国土资源部公布施行，后经自然资源部修正。',
    why: '规章由当时的制定机关公布，引用时照实写',
    lookalikes: ['国土资源部'],
  },
  {
    kind: 'outdated',
    text: '档案显示，2016年本县卫生计生工作按照原国家卫生和计划生育委员会的部署开展。',
    why: '叙述2016年的史实，且加“原”字',
    lookalikes: ['国家卫生和计划生育委员会'],
  },
  {
    kind: 'outdated',
    text: '2018年国务院机构改革组建国家卫生健康委员会，不再保留国家卫生和计划生育委员会。',
    why: '转述机构改革方案本身',
    lookalikes: ['国家卫生和计划生育委员会'],
  },
  {
    kind: 'outdated',
    text: '2008年组建环境保护部；2018年组建生态环境部，不再保留环境保护部。',
    why: '叙述机构沿革',
    lookalikes: ['环境保护部'],
  },
  {
    kind: 'outdated',
    text: '依照《中华人民共和国环境保护法》，县级以上地方人民政府环境保护主管部门对本行政区域环境保护工作实施统一监督管理。',
    why: '引用法律条文中的泛称',
    lookalikes: ['环境保护主管部门'],
  },
  {
    kind: 'outdated',
    text: '各级农业部门要加强春耕生产技术指导，确保粮食播种面积稳定。',
    why: '“农业部门”是泛称，不是已撤销的农业部',
    lookalikes: ['农业部门'],
  },
  {
    kind: 'outdated',
    text: '县文化部门联合旅游部门开展“村晚”展演活动。',
    why: '“文化部门”是泛称，不是已撤销的文化部',
    lookalikes: ['文化部门'],
  },
  {
    kind: 'outdated',
    text: '各级纪检监察部门要加强对群众身边不正之风和腐败问题的监督检查。',
    why: '“纪检监察部门”是泛称，不是已撤销的监察部',
    lookalikes: ['纪检监察部门'],
  },
  {
    kind: 'outdated',
    text: '2018年国务院机构改革组建农业农村部，不再保留农业部；组建文化和旅游部，不再保留文化部、国家旅游局。',
    why: '转述机构改革方案本身',
    lookalikes: ['农业部', '文化部', '国家旅游局'],
  },
  {
    kind: 'outdated',
    text: '2018年组建应急管理部，不再保留国家安全生产监督管理总局；重新组建司法部，不再保留国务院法制办公室；监察部并入新组建的国家监察委员会。',
    why: '转述机构改革方案本身',
    lookalikes: ['国家安全生产监督管理总局', '国务院法制办公室', '监察部'],
  },
  {
    kind: 'outdated',
    text: '2023年组建国家金融监督管理总局，不再保留中国银行保险监督管理委员会。',
    why: '转述机构改革方案本身',
    lookalikes: ['中国银行保险监督管理委员会'],
  },
  {
    kind: 'outdated',
    text: '2018年组建国家林业和草原局，不再保留国家林业局。',
    why: '叙述机构沿革',
    lookalikes: ['国家林业局'],
  },
  {
    kind: 'outdated',
    text: '2015年政府工作报告（节选）：过去一年，在以习近平同志为总书记的党中央坚强领导下，全县经济社会保持平稳健康发展。',
    why: '2015年的文稿，当时的规范提法',
    lookalikes: ['以习近平同志为总书记的党中央'],
  },
  {
    kind: 'outdated',
    text: '2016年工作总结：全县上下协调推进全面建成小康社会、全面深化改革、全面依法治国、全面从严治党战略布局。',
    why: '2016年的文稿，当时的“四个全面”',
    lookalikes: ['全面建成小康社会'],
  },
  {
    kind: 'outdated',
    text: '我国已经全面建成小康社会，正在向着全面建成社会主义现代化强国的第二个百年奋斗目标迈进。',
    why: '叙述已经实现的目标，不是“四个全面”的列举',
    lookalikes: ['全面建成小康社会'],
  },
  {
    kind: 'outdated',
    text: '《党政机关公文格式》（GB/T 9704—2012）由国家质量监督检验检疫总局、国家标准化管理委员会于2012年发布。',
    why: '标准由当时的发布机关发布，照实引用',
    lookalikes: ['国家质量监督检验检疫总局'],
  },
  {
    kind: 'outdated',
    text: '2018年以前，个体工商户登记管理由原国家工商总局统一规范。',
    why: '叙述改革前的史实，且加“原”字',
    lookalikes: ['国家工商总局'],
  },
  {
    kind: 'outdated',
    text: '2017年，原国家卫生计生委印发了有关工作规范，我县据此开展家庭医生签约服务。',
    why: '叙述2017年的史实，且加“原”字',
    lookalikes: ['国家卫生计生委'],
  },
  // 禁用、慎用词的正确用法
  {
    kind: 'forbidden',
    text: '本届博览会吸引了来自32个国家和地区的客商参展。',
    why: '写全“国家和地区”',
    lookalikes: ['国家和地区'],
  },
  {
    kind: 'forbidden',
    text: '台湾是中国领土不可分割的一部分。',
    why: '正确表述',
    lookalikes: ['台湾'],
  },
  {
    kind: 'forbidden',
    text: '依托市大数据中心建设政务数据中台和业务中台，实现跨部门数据共享。',
    why: '“数据中台”“业务中台”是技术用语，与“中台”并列无关',
    lookalikes: ['中台'],
  },
  {
    kind: 'forbidden',
    text: '充分利用中澳自由贸易协定关税减让政策，扩大优质农产品进口。',
    why: '“中澳”指中国与澳大利亚',
    lookalikes: ['中澳'],
  },
  {
    kind: 'forbidden',
    text: '进一步优化入境政策，便利外国游客来华旅游。',
    why: '外国游客“来华”是正确的',
    lookalikes: ['来华'],
  },
  {
    kind: 'forbidden',
    text: '港澳台居民在内地（大陆）参加社会保险，按照有关规定办理。',
    why: '“内地（大陆）”正确',
    lookalikes: ['港澳台居民', '内地（大陆）'],
  },
  {
    kind: 'forbidden',
    text: '上海合作组织成员国地方领导人论坛在我市举办。',
    why: '上海合作组织的成员都是国家，称“成员国”正确',
    lookalikes: ['成员国'],
  },
  {
    kind: 'forbidden',
    text: '延边朝鲜族自治州各族群众欢庆州庆。',
    why: '民族全称，“鲜族”二字在“朝鲜族”之内',
    lookalikes: ['朝鲜族'],
  },
  {
    kind: 'forbidden',
    text: '全县蒙古族、汉族、回族等各族群众和睦相处、守望相助。',
    why: '民族全称',
    lookalikes: ['蒙古族', '回族'],
  },
  {
    kind: 'forbidden',
    text: '组织盲人参加保健按摩培训，为聋人提供手语翻译服务，为困难残疾人发放生活补贴。',
    why: '规范称谓',
    lookalikes: ['盲人', '聋人', '残疾人'],
  },
  {
    kind: 'forbidden',
    text: '残疾军人按规定享受抚恤优待。',
    why: '规范称谓',
    lookalikes: ['残疾军人'],
  },
  {
    kind: 'forbidden',
    text: '为智力残疾人提供日间照料和托养服务。',
    why: '“智力残疾”是残疾分类的规范用语',
    lookalikes: ['智力残疾'],
  },
  {
    kind: 'forbidden',
    text: '监狱对服刑罪犯开展职业技能培训，帮助其刑满后顺利回归社会。',
    why: '已经判决服刑的人称罪犯',
    lookalikes: ['罪犯'],
  },
  {
    kind: 'forbidden',
    text: '认真贯彻《保障农民工工资支付条例》，深入开展根治欠薪专项行动。',
    why: '行政法规的名称，照实引用（“农民工”是否慎用有争议，不作为错误）',
    lookalikes: ['农民工'],
  },
  {
    kind: 'forbidden',
    text: '新闻报道中不得将台湾称为“福摩萨”，确需转述时须加引号。',
    why: '加引号的转述，正是该规定允许的写法',
    lookalikes: ['福摩萨'],
  },
  {
    kind: 'forbidden',
    text: '我市与俄罗斯、哈萨克斯坦等国家的经贸合作不断深化。',
    why: '列举的都是国家，“等国家”正确',
    lookalikes: ['等国家'],
  },
  {
    kind: 'forbidden',
    text: '长江中游航运中心建设加快推进，华中港口群集装箱吞吐量持续增长。',
    why: '“华中港口”中的“中港”二字与内地、香港无关',
    lookalikes: ['中港'],
  },
  // 错别字的对照
  {
    kind: 'typo',
    text: '报名截止日期为2025年5月20日，逾期不予受理。',
    why: '“截止日期”正确',
    lookalikes: ['截止'],
  },
  {
    kind: 'typo',
    text: '申报工作于2025年6月30日17时截止。',
    why: '“截止”用在时间之后，正确',
    lookalikes: ['截止'],
  },
  {
    kind: 'typo',
    text: '本次公开征求意见的截止时间为2025年8月15日。',
    why: '“截止时间”正确',
    lookalikes: ['截止'],
  },
  {
    kind: 'typo',
    text: '截至2024年底，全县政府网站共发布信息5965条。',
    why: '“截至”用在时间之前，正确',
    lookalikes: ['截至'],
  },
  {
    kind: 'typo',
    text: '笔试结束后，按排名先后顺序确定进入面试人员名单。',
    why: '“按/排名”，不是“安排”',
    lookalikes: ['按排'],
  },
  {
    kind: 'typo',
    text: '物资入库时按装箱单逐项清点。',
    why: '“按/装箱单”，不是“安装”',
    lookalikes: ['按装'],
  },
  {
    kind: 'typo',
    text: '大胆起用敢于担当、善于作为的优秀年轻干部。',
    why: '任用人员用“起用”',
    lookalikes: ['起用'],
  },
  {
    kind: 'typo',
    text: '市政务服务网新版系统于2025年9月1日正式启用。',
    why: '系统用“启用”',
    lookalikes: ['启用'],
  },
  {
    kind: 'typo',
    text: '其他有关单位参照本通知执行。',
    why: '公文用“其他”',
    lookalikes: ['其他'],
  },
  {
    kind: 'typo',
    text: '行政机关应当在法定期限内依法作出行政许可决定。',
    why: '“作出决定”正确',
    lookalikes: ['作出'],
  },
  {
    kind: 'typo',
    text: '保障居民生活必需品供应，各单位必须落实值守责任。',
    why: '“必需品”“必须”各得其所',
    lookalikes: ['必需品', '必须'],
  },
  {
    kind: 'typo',
    text: '中央和国家机关各部门人员编制统一按照5%的比例进行精减。',
    why: '2023年机构改革方案原文即作“精减”',
    lookalikes: ['精减'],
  },
  {
    kind: 'typo',
    text: '进一步精简会议文件，持续改进文风会风。',
    why: '“精简”正确',
    lookalikes: ['精简'],
  },
  {
    kind: 'typo',
    text: '各单位要认真贯\n彻落实党中央决策部署。',
    why: '正确词语被换行拆开',
    lookalikes: ['贯彻'],
    placement: 'line-break',
  },
  {
    kind: 'typo',
    text: '县防汛抗旱指挥部召开会议，部署主汛期防汛工作。',
    why: '“防汛”“汛期”“部署”正确',
    lookalikes: ['防汛', '汛期', '部署'],
  },
  {
    kind: 'typo',
    text: '座谈会上，企业代表围绕优化营商环境提出意见建议。',
    why: '“座谈会”正确',
    lookalikes: ['座谈会'],
  },
];

// ---- table cells from attachments ----
interface Cell {
  carrier: 'docx-cell' | 'xlsx-cell';
  /** With `[[written→right]]` marks where an error is planted. */
  text: string;
}
interface CleanCell extends Cell {
  kind: ExpressionKind;
  why: string;
  lookalikes: string[];
}
const plantedCells: Cell[] = [
  { carrier: 'xlsx-cell', text: '政策依据：[[国家卫生计生委→国家卫生健康委]]2025年国家基本公共卫生服务项目工作规范' },
  { carrier: 'xlsx-cell', text: '[[截止→截至]]2025年6月30日完成率（%）' },
  { carrier: 'docx-cell', text: '工作任务：深入学习[[贯切→贯彻]]党的二十届三中全会精神' },
  { carrier: 'docx-cell', text: '责任单位：县人民[[攻府→政府]]办公室' },
  {
    carrier: 'docx-cell',
    text: '主要内容：传达学习[[中共中央总书纪→中共中央总书记]]、国家主席、中央军委主席习近平重要讲话精神',
  },
  { carrier: 'xlsx-cell', text: '推进方式：按县委统一[[布署→部署]]推进' },
  {
    carrier: 'docx-cell',
    text: '指导思想：以[[习近平新时代中国特色社会主意思想→习近平新时代中国特色社会主义思想]]为指导',
  },
  { carrier: 'xlsx-cell', text: '客商来源：美国、德国、台湾[[等国家→等国家和地区]]' },
  { carrier: 'xlsx-cell', text: '审议机关：[[全国人民代表大会长务\n委员会→全国人民代表大会常务委员会]]' },
  { carrier: 'docx-cell', text: '服务对象：辖区困难[[残废人→残疾人]]' },
  { carrier: 'xlsx-cell', text: '农作物[[秸杆→秸秆]]综合利用率（%）' },
  { carrier: 'docx-cell', text: '会议名称：民营企业家[[坐谈会→座谈会]]' },
  { carrier: 'xlsx-cell', text: '文件名称：关于做好2025年[[防讯→防汛]]工作的通知' },
  {
    carrier: 'docx-cell',
    text: '登记依据：[[国家工商行政管理\n总局→国家市场监督管理总局]]2025年印发的登记规范',
  },
  { carrier: 'xlsx-cell', text: '民族：[[蒙族→蒙古族]]' },
];
const cleanCells: CleanCell[] = [
  {
    carrier: 'xlsx-cell',
    text: '报名截止日期：2025年5月20日',
    kind: 'typo',
    why: '“截止日期”正确',
    lookalikes: ['截止'],
  },
  {
    carrier: 'xlsx-cell',
    text: '截至2025年6月30日完成率（%）',
    kind: 'typo',
    why: '“截至”+时间正确',
    lookalikes: ['截至'],
  },
  {
    carrier: 'docx-cell',
    text: '政策依据：《不动产登记暂行条例实施细则》（2016年国土资源部公布，后经自然资源部修正）',
    kind: 'outdated',
    why: '照实写规章的公布机关',
    lookalikes: ['国土资源部'],
  },
  { carrier: 'xlsx-cell', text: '民族：朝鲜族', kind: 'forbidden', why: '民族全称', lookalikes: ['朝鲜族'] },
  {
    carrier: 'xlsx-cell',
    text: '残疾类别：智力残疾',
    kind: 'forbidden',
    why: '残疾分类用语',
    lookalikes: ['智力残疾'],
  },
  { carrier: 'docx-cell', text: '其他需要说明的事项：无', kind: 'typo', why: '公文用“其他”', lookalikes: ['其他'] },
  { carrier: 'xlsx-cell', text: '排序方式：按排名先后', kind: 'typo', why: '“按/排名”', lookalikes: ['按排'] },
  {
    carrier: 'docx-cell',
    text: '主要内容：传达学习中共中央总书记、国家主席、中央军委主席习近平重要讲话精神',
    kind: 'name-title',
    why: '职务全称正确',
    lookalikes: ['中共中央总书记', '中央军委主席'],
  },
  {
    carrier: 'xlsx-cell',
    text: '客商来源：32个国家和地区',
    kind: 'forbidden',
    why: '写全“国家和地区”',
    lookalikes: ['国家和地区'],
  },
  { carrier: 'xlsx-cell', text: '政务数据中台建设（万元）', kind: 'forbidden', why: '技术用语', lookalikes: ['中台'] },
  {
    carrier: 'docx-cell',
    text: '新印章启用日期：2025年7月1日',
    kind: 'typo',
    why: '印章用“启用”',
    lookalikes: ['启用'],
  },
  {
    carrier: 'xlsx-cell',
    text: '审议机关：全国人民代表大会常务\n委员会',
    kind: 'name-title',
    why: '单元格内换行拆开的正确名称',
    lookalikes: ['全国人民代表大会常务委员会'],
  },
  {
    carrier: 'docx-cell',
    text: '会议名称：民营企业家座谈会',
    kind: 'typo',
    why: '“座谈会”正确',
    lookalikes: ['座谈会'],
  },
  {
    carrier: 'docx-cell',
    text: '牵头单位：县自然资源局、县市场监督管理局',
    kind: 'outdated',
    why: '现行机构名称',
    lookalikes: ['自然资源局', '市场监督管理局'],
  },
];
const cellPlacement = (text: string): Placement => (text.includes('\n') ? 'cell-line-break' : 'cell');

function otherPassages(): Passage[] {
  const special = specials.map((s, i): Passage => {
    const placement = s.placement ?? 'body';
    return {
      id: `clean-${s.kind}-${i + 1}`,
      carrier: s.carrier ?? 'body',
      genre: s.genre ?? '工作动态',
      placement,
      text: s.text,
      errors: [],
      clean: { kind: s.kind, why: s.why, lookalikes: s.lookalikes },
    };
  });
  const planted = plantedCells.map((c, i): Passage => {
    const { text, errors } = parseMarks(c.text);
    return {
      id: `cell-w${i + 1}`,
      carrier: c.carrier,
      genre: '附件表格',
      placement: cellPlacement(text),
      text,
      errors,
    };
  });
  const clean = cleanCells.map(
    (c, i): Passage => ({
      id: `cell-c${i + 1}`,
      carrier: c.carrier,
      genre: '附件表格',
      placement: cellPlacement(c.text),
      text: c.text,
      errors: [],
      clean: { kind: c.kind, why: c.why, lookalikes: c.lookalikes },
    }),
  );
  return [...special, ...planted, ...clean];
}

/** Every passage with its ground truth: planted ones carry errors, clean ones carry `clean`. */
export function outsideExpressionCorpus(): Passage[] {
  return [...entryPassages(), ...otherPassages()];
}

export interface LongText {
  text: string;
  /** Each planted error at its offset in `text`, with the passage it came from. */
  errors: Array<PlantedError & { passage: string }>;
  /** Passage ids in the order written (passages repeat once all have been used). */
  passages: string[];
  bytes: number;
}

/**
 * One long text for timing: the passages in a seeded order, blank-line separated, repeated until the
 * text holds at least `minBytes` of UTF-8 (about 100 KB by default, as a long 政府工作报告 with its
 * attachments would).
 */
export function outsideExpressionLongText(minBytes = 100_000, seed = 42): LongText {
  const r = seeded(seed);
  const corpus = outsideExpressionCorpus();
  const order = corpus.map((p) => ({ p, k: r.int(0, 1 << 30) })).sort((a, b) => a.k - b.k);
  let text = '';
  let bytes = 0;
  const errors: LongText['errors'] = [];
  const passages: string[] = [];
  for (let i = 0; bytes < minBytes; i++) {
    const p = order[i % order.length]!.p;
    const piece = `${p.text}\n\n`;
    for (const e of p.errors)
      errors.push({ ...e, start: text.length + e.start, end: text.length + e.end, passage: p.id });
    passages.push(p.id);
    text += piece;
    bytes += Buffer.byteLength(piece, 'utf8');
  }
  return { text, errors, passages, bytes };
}
