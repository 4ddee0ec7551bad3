/**
 * The standard letters (REGULATION.md §3): which step issues which letter, its number
 * (露政公复〔2026〕3号) and its text. A letter is composed once, when it is issued, and kept as
 * issued: later edits to an agency's template do not rewrite a letter already sent.
 */
import type { LetterSettings } from './agency.ts';
import { formatDate, type IsoDate } from './dates.ts';
import { outcomes, type Action, type CaseState, type Outcome } from './workflow.ts';
import { sentencesOfWithheld } from './redaction.ts';

/** Letters write dates without the weekday, as official documents do. */
const day = (date: IsoDate) => formatDate(date, false);

export const letterKinds = {
  receipt: { title: '政府信息公开申请接收回执', code: '收', toApplicant: true },
  correction: { title: '政府信息公开申请补正告知书', code: '补', toApplicant: true },
  extension: { title: '政府信息公开申请延期答复告知书', code: '延', toApplicant: true },
  consultation: { title: '政府信息公开征求意见书', code: '征', toApplicant: false },
  fee: { title: '政府信息公开信息处理费收费通知书', code: '费', toApplicant: true },
  reply: { title: '政府信息公开申请答复书', code: '复', toApplicant: true },
} as const;
export type LetterKind = keyof typeof letterKinds;

/** The letter a step issues, if any. */
export function letterFor(action: Action): LetterKind | undefined {
  switch (action.type) {
    case 'confirmReceipt':
      return 'receipt';
    case 'requestCorrection':
      return 'correction';
    case 'decideExtension':
      return action.approve ? 'extension' : undefined;
    case 'startConsultation':
      return 'consultation';
    case 'sendFeeNotice':
      return 'fee';
    case 'answer':
      return 'reply';
    default:
      return undefined;
  }
}

export const formatLetterNumber = (prefix: string, kind: LetterKind, year: number, sequence: number) =>
  `${prefix}${letterKinds[kind].code}〔${year}〕${sequence}号`;

export interface Letter {
  kind: LetterKind;
  title: string;
  number: string;
  issuedOn: IsoDate;
  agencyName: string;
  recipient: string;
  paragraphs: string[];
  /** Numbered lists the letter sets out (correction items, fee arithmetic, files provided). */
  list?: string[];
  /** How many paragraphs come before the list (1 when absent): it follows the one that announces it. */
  listAfter?: number;
  closing: string[];
  toApplicant: boolean;
}

export interface LetterFacts {
  agencyName: string;
  settings: LetterSettings;
  receiptNumber: string;
  title: string;
  applicantName: string;
  /** The state after the step that issues the letter. */
  state: CaseState;
  /** The reply deadline after the step (null while paused). */
  due: IsoDate | null;
  issuedOn: IsoDate;
  number: string;
  /** The display name of the staff member who issued the letter (经办人). */
  handledBy?: string;
}

const reasons: Record<Extract<Outcome, `withheld.${string}`>, string> = {
  'withheld.stateSecret': '属于国家秘密',
  'withheld.lawForbids': '属于法律、行政法规禁止公开的信息',
  'withheld.security': '公开后可能危及国家安全、公共安全、经济安全、社会稳定',
  'withheld.thirdParty': '涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害',
  'withheld.internal': '属于人事管理、后勤管理、内部工作流程等方面的内部事务信息',
  'withheld.process': '属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息',
  'withheld.enforcement': '属于行政执法案卷信息',
  'withheld.query': '属于有关法律、行政法规对信息的获取有特别规定的查询事项，请依照有关规定办理',
};

const notProcessed: Record<Extract<Outcome, `notProcessed.${string}`>, string> = {
  'notProcessed.petition':
    '您提出的申请实为信访、投诉、举报，根据《中华人民共和国政府信息公开条例》第三十九条第一款，本机关不作为政府信息公开申请处理，请通过相应渠道提出。',
  'notProcessed.repeat':
    '您提出的申请属于重复申请，本机关已就相同内容作出答复，根据《中华人民共和国政府信息公开条例》第三十六条第（六）项，不予重复处理。',
  'notProcessed.publication':
    '您申请获取的是公开出版物，根据《中华人民共和国政府信息公开条例》第三十九条第二款，请您通过公开出版物的发行渠道获取。',
  'notProcessed.excessive':
    '您的申请数量、频次明显超过合理范围，且未能说明理由或者理由不合理，根据《中华人民共和国政府信息公开条例》第三十五条，本机关不予处理。',
  'notProcessed.confirm':
    '您要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请的处理范围，本机关不予处理。',
};

function replyParagraphs(state: CaseState): { paragraphs: string[]; list?: string[] } {
  const answer = state.outcome!;
  const outcome = answer.outcome;
  const files = answer.files?.map((file) => file.fileName);
  if (outcome === 'disclosed') {
    return answer.location && !files?.length
      ? {
          paragraphs: [
            `经审查，您申请获取的政府信息本机关已经主动公开，根据《中华人民共和国政府信息公开条例》第三十六条第（一）项，告知您获取该政府信息的方式和途径：${answer.location}。`,
          ],
        }
      : {
          paragraphs: [
            '经审查，您申请获取的政府信息属于公开范围，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项，本机关予以公开，现将该政府信息提供给您（见下列文件）。',
          ],
          list: files,
        };
  }
  if (outcome === 'partial') {
    return {
      paragraphs: [
        `经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。根据《中华人民共和国政府信息公开条例》第三十七条，本机关向您提供可以公开的信息内容（见下列文件）；其余内容依据${answer.basis}不予公开。`,
        // 条例37: each file redacted in the platform says what it withholds, by ground, with reasons (never the words).
        ...(answer.files ?? []).flatMap((file) =>
          file.redaction ? sentencesOfWithheld(file.fileName, file.redaction.withheld) : [],
        ),
      ],
      list: files,
    };
  }
  if (outcome.startsWith('withheld.')) {
    return {
      paragraphs: [`经审查，您申请获取的政府信息${reasons[outcome as keyof typeof reasons]}，本机关决定不予公开。`],
    };
  }
  if (outcome === 'unable.notHeld') {
    return {
      paragraphs: [
        '经检索，本机关未制作、获取您申请获取的政府信息，根据《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项，告知您该政府信息本机关不掌握。',
        ...(answer.responsibleAgency
          ? [`经确认，该政府信息由${answer.responsibleAgency}负责公开，请您向其提出申请。`]
          : []),
      ],
    };
  }
  if (outcome === 'unable.needsCreation') {
    return {
      paragraphs: [
        '您申请获取的信息需要本机关对现有政府信息进行加工、分析后方能形成，根据《中华人民共和国政府信息公开条例》第三十八条，本机关不予提供。',
      ],
    };
  }
  if (outcome === 'unable.stillUnclear') {
    return {
      paragraphs: [
        '本机关已一次性告知您补正申请，补正后申请内容仍不明确，根据《中华人民共和国政府信息公开条例》第三十条，本机关无法提供。',
      ],
    };
  }
  return { paragraphs: [notProcessed[outcome as keyof typeof notProcessed]] };
}

/**
 * Whether `basis` (the handler's 法律依据) says nothing `text` does not: every article it names is
 * cited there, and it names no law but the Regulation.
 */
function alreadyCited(basis: string, text: string): boolean {
  if (text.includes(basis)) return true;
  const laws = basis.match(/《[^》]+》/g) ?? [];
  if (laws.some((law) => law !== '《中华人民共和国政府信息公开条例》' && law !== '《条例》')) return false;
  const articles = basis.match(
    /第[一二三四五六七八九十百零〇]+条(第[一二三四五六七八九十]+款)?(第（[一二三四五六七八九十]+）项)?/g,
  );
  return articles
    ? articles.every((article) => text.includes(article))
    : /^(《?中华人民共和国政府信息公开条例》?|《?条例》?)$/.test(basis.trim());
}

const contactLine = (settings: LetterSettings, handledBy?: string) =>
  [
    settings.office && `联系机构：${settings.office}`,
    handledBy && `经办人：${handledBy}`,
    settings.address && `地址：${settings.address}`,
    settings.phone && `电话：${settings.phone}`,
  ]
    .filter(Boolean)
    .join('；');

/** Composes the letter of `kind` from the facts at the moment it is issued. */
export function composeLetter(kind: LetterKind, facts: LetterFacts): Letter {
  const { state, settings, issuedOn } = facts;
  const received = `本机关于${day(state.clock.receiptDate)}收到您提出的政府信息公开申请（受理编号：${facts.receiptNumber}），申请获取“${facts.title}”。`;
  const remedy = `如对本答复不服，可以自收到本答复之日起六十日内向${settings.reconsiderationBody}申请行政复议，或者自收到本答复之日起六个月内向${settings.court}提起行政诉讼。`;
  const base = {
    kind,
    title: letterKinds[kind].title,
    number: facts.number,
    issuedOn,
    agencyName: facts.agencyName,
    toApplicant: letterKinds[kind].toApplicant,
  };
  const closing = [contactLine(settings, facts.handledBy)].filter(Boolean);
  const applicant = `${facts.applicantName}：`;

  switch (kind) {
    case 'receipt':
      return {
        ...base,
        recipient: applicant,
        closing,
        paragraphs: [
          received,
          facts.due
            ? `根据《中华人民共和国政府信息公开条例》第三十三条，本机关将在收到申请之日起 20 个工作日内，即${day(facts.due)}前作出答复；需要延长答复期限的，将另行告知。`
            : '根据《中华人民共和国政府信息公开条例》第三十三条，本机关将在收到申请之日起 20 个工作日内作出答复；需要延长答复期限的，将另行告知。',
          '您可凭受理编号和查询码在本网站查询办理进度。',
        ],
      };
    case 'correction': {
      const correction = state.correction!;
      return {
        ...base,
        recipient: applicant,
        closing,
        list: correction.items,
        paragraphs: [
          `${received}经审查，您的申请内容不够明确。根据《中华人民共和国政府信息公开条例》第三十条，现一次性告知您对下列事项作出补正：`,
          `${
            correction.dueBy
              ? `请于${day(correction.dueBy)}前通过办理进度查询页面或者书面方式提交补正。`
              : `请自${day(correction.requestedOn)}的次日起 ${correction.periodDays} 个工作日内通过办理进度查询页面或者书面方式提交补正（期限所跨年度的放假安排尚未公布，截止日期确定后在办理进度查询页面公布）。`
          }答复期限自本机关收到补正后的申请之日起重新计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该申请。`,
        ],
      };
    }
    case 'extension': {
      const extension = state.clock.extension!;
      return {
        ...base,
        recipient: applicant,
        closing,
        paragraphs: [
          received,
          `因需要进一步检索、核实相关信息，本机关不能在法定期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款，经本机关政府信息公开工作机构负责人同意，答复期限延长 ${extension.days} 个工作日${
            facts.due
              ? `，本机关将于${day(facts.due)}前作出答复`
              : '（延长后的期限所跨年度的放假安排尚未公布，答复截止日期确定后在办理进度查询页面公布）'
          }。`,
          '特此告知。',
        ],
      };
    }
    case 'consultation': {
      const consultation = state.consultation!;
      const thirdParty = consultation.kind === 'thirdParty';
      // The third party learns what is asked for, never who asks.
      return {
        ...base,
        recipient: `${consultation.party}：`,
        closing,
        paragraphs: [
          `本机关收到一份政府信息公开申请，申请获取“${facts.title}”。${thirdParty ? '该信息的公开可能损害贵方的合法权益' : '该信息由贵机关与本机关共同制作'}，根据《中华人民共和国政府信息公开条例》第${thirdParty ? '三十二' : '三十四'}条，现书面征求贵方意见。`,
          `请于${day(consultation.dueBy)}前（15 个工作日内）以书面形式提出意见。${
            thirdParty
              ? '逾期未提出意见的，由本机关依照条例的规定决定是否公开。第三方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的内容和理由书面告知贵方。'
              : '逾期未提出意见的，视为同意公开。'
          }`,
        ],
      };
    }
    case 'fee': {
      const fee = state.fee!;
      return {
        ...base,
        recipient: applicant,
        closing,
        list: fee.calculation.text,
        paragraphs: [
          `${received}经审查，您申请公开政府信息的数量、频次明显超过合理范围${fee.reason ? `：${fee.reason.replace(/[。；;.]$/, '')}` : ''}。根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本机关依法收取信息处理费，计算如下：`,
          `应缴金额合计 ${fee.calculation.total.toLocaleString('en-US')} 元。请于${day(fee.dueBy)}前缴纳。缴费方式：${settings.payment}。`,
          '缴费期间不计入答复期限。逾期未缴纳的，视为放弃申请，本机关不再处理该申请。',
        ],
      };
    }
    case 'reply': {
      const { paragraphs, list } = replyParagraphs(state);
      const answer = state.outcome!;
      // The legal basis once: left out of the closing line where the decision already cites it.
      const basis = alreadyCited(answer.basis, paragraphs.join('')) ? '' : `法律依据：${answer.basis}。`;
      return {
        ...base,
        recipient: applicant,
        closing,
        ...(list?.length && { list, listAfter: 2 }),
        paragraphs: [received, ...paragraphs, `答复类型：${outcomes[answer.outcome]}。${basis}`, remedy],
      };
    }
  }
}

/** The letter as plain text, for e-mail. */
export function letterText(letter: Letter): string {
  const at = letter.listAfter ?? 1;
  const [before, after] = [letter.paragraphs.slice(0, at), letter.paragraphs.slice(at)];
  return [
    letter.agencyName,
    letter.title,
    letter.number,
    '',
    letter.recipient,
    ...before.map((p) => `　　${p}`),
    ...(letter.list ?? []).map((item, i) => `　　${i + 1}. ${item}`),
    ...after.map((p) => `　　${p}`),
    '',
    letter.agencyName,
    day(letter.issuedOn),
    ...letter.closing,
  ].join('\n');
}

/** Where an e-mailed letter stands, as staff read it in the outbox. */
export const deliveryLabels = {
  pending: '待发送',
  local: '本地保存（未实际发送）',
  sent: '已发送',
  failed: '发送失败，将重试',
} as const;
