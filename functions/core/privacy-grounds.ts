/**
 * Why a finding of the 个人信息检查 may stay public: a legal ground from the list below, with words
 * saying how it applies, or a sentence of the reviewer's own. A reason of punctuation, blanks or one
 * character repeated says nothing and is refused (条例15: a third party's personal data is withheld
 * unless the person agrees or withholding it would harm the public interest seriously).
 */

/** The grounds a reviewer may choose, as a county office states them. */
export const privacyGrounds = {
  consent: '已取得本人书面同意',
  lawRequires: '法律法规规定应当公开（如条例第二十条所列公示内容）',
  publicInterest: '不公开可能对公共利益造成重大影响（条例第十五条）',
  deidentified: '已去标识化，无法识别到特定个人',
  notPersonal: '号码不属于个人（单位、公务或公开服务号码）',
  falsePositive: '经人工核对，不是个人信息（误报）',
} as const;
export type PrivacyGround = keyof typeof privacyGrounds;

/** Characters a reason must have, of its own words: with a ground chosen, fewer suffice. */
export const reasonMinimum = { alone: 6, withGround: 4 } as const;

/** Letters and 汉字 (not digits, punctuation or blanks): what a reason says. */
const wordsOf = (text: string) => [...text.normalize('NFKC')].filter((c) => /\p{L}/u.test(c));

/** Why a reason is not one (in words for the 400's message), or undefined when it says something. */
export function reasonProblem(reason: string, ground?: string): string | undefined {
  const words = wordsOf(reason);
  const minimum = ground ? reasonMinimum.withGround : reasonMinimum.alone;
  if (words.length < minimum || new Set(words).size < Math.min(3, minimum))
    return ground
      ? `请在所选依据之外写明具体情况（至少 ${minimum} 个汉字）`
      : `请写明确需公开的理由（至少 ${minimum} 个汉字，不能只有标点或重复的字），或选择法律依据并说明`;
  return undefined;
}

/** The reason as recorded and shown: the ground's words, then the reviewer's. */
export const reasonText = (reason: string, ground?: PrivacyGround) =>
  ground ? `${privacyGrounds[ground]}：${reason.trim()}` : reason.trim();

/** A finding kept, as staff send it: its number, the reason, and a ground chosen. */
export interface Acknowledgement {
  id: string;
  reason: string;
  ground?: PrivacyGround;
}

/** The acknowledgements with each reason as recorded (the ground's words first), for `acknowledgeFindings`. */
export const recordedReasons = (acknowledgements: readonly Acknowledgement[]) =>
  acknowledgements.map((a) => ({ id: a.id, reason: reasonText(a.reason, a.ground) }));

/** The grounds as a form's choices. */
export const groundChoices = () =>
  (Object.entries(privacyGrounds) as [PrivacyGround, string][]).map(([value, label]) => ({ value, label }));
