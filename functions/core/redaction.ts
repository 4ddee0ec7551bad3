/**
 * 部分公开's redaction, the pure part: what a mark is, its ground in the 条例, and what the 答复书 says
 * was withheld. The engine (functions/redaction) finds each mark's places in a file, removes what is
 * under them and verifies the result by a second reading; nothing here reads a file.
 */

/** The grounds a part of a file is withheld on (条例第十四、十五、十六条). */
export const redactionGrounds = {
  '14': {
    article: '第十四条',
    label: '国家秘密等',
    text: '依法确定为国家秘密、法律行政法规禁止公开或者公开后可能危及国家安全、公共安全、经济安全、社会稳定',
  },
  '15': {
    article: '第十五条',
    label: '商业秘密、个人隐私',
    text: '涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害',
  },
  '16': {
    article: '第十六条',
    label: '内部事务信息、过程性信息、行政执法案卷',
    text: '属于内部事务信息、过程性信息或者行政执法案卷信息',
  },
} as const;
export type RedactionGround = keyof typeof redactionGrounds;

/** A rectangle on a page, in PDF points from the page's top-left corner as it is shown (rotation applied). */
export interface PageRect {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What staff mark, each with its ground and a short reason. */
export type MarkInput = (
  | { kind: 'text'; text: string }
  | { kind: 'pattern'; pattern: string }
  | { kind: 'findings' }
  | { kind: 'area'; page: number; x: number; y: number; width: number; height: number }
) & { ground: RedactionGround; reason: string };

/** One place a mark covers: its rectangles on a page (PDF, image), or a count in a part (DOCX, XLSX). */
export interface MarkPlace {
  page?: number;
  rects?: Omit<PageRect, 'page'>[];
  part?: string;
}

/** A mark with the places the engine found for it. `strings`: what it withholds, for the check only (never shown to the applicant). */
export interface LocatedMark {
  id: string;
  input: MarkInput;
  places: MarkPlace[];
  strings: string[];
}

export interface VerificationCheck {
  name: string;
  passed: boolean;
  /** In Chinese, for the staff member: what was checked, and for a failure, where and why. */
  detail: string;
  markIds?: string[];
}

/** Kept with the produced file: every check run, the engines that ran them, the result. */
export interface Verification {
  passed: boolean;
  at: string;
  engines: Record<string, string>;
  checks: VerificationCheck[];
}

/** The 答复书's account of what a redacted file withholds: by ground, how many places, and the reasons (never the words). */
export function withheldByGround(marks: readonly Pick<LocatedMark, 'input' | 'places'>[]) {
  const byGround = new Map<RedactionGround, { places: number; reasons: Set<string> }>();
  for (const mark of marks) {
    const entry = byGround.get(mark.input.ground) ?? { places: 0, reasons: new Set<string>() };
    entry.places += mark.places.reduce((n, p) => n + (p.rects?.length ?? 1), 0);
    entry.reasons.add(mark.input.reason.trim());
    byGround.set(mark.input.ground, entry);
  }
  return (Object.keys(redactionGrounds) as RedactionGround[])
    .filter((ground) => byGround.has(ground))
    .map((ground) => {
      const { places, reasons } = byGround.get(ground)!;
      const { article, label } = redactionGrounds[ground];
      return { ground, article, label, places, reasons: [...reasons] };
    });
}

/** One ground's withheld parts of a file, as kept with the answer's file record. */
export type WithheldPart = ReturnType<typeof withheldByGround>[number];

/** One sentence per ground, for the 部分公开 答复书, from the parts an answer's file record keeps (its marks stay with the redaction). */
export const sentencesOfWithheld = (fileName: string, withheld: readonly WithheldPart[]) =>
  withheld.map(
    (g) =>
      `《${fileName}》中${g.places}处内容${g.label === '商业秘密、个人隐私' ? '涉及商业秘密、个人隐私' : `属于${g.label}`}（${g.reasons.join('；')}），根据《中华人民共和国政府信息公开条例》${g.article}不予公开，已作删除处理。`,
  );
