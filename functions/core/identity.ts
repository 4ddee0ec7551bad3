/**
 * Identity checks of the application form (REGULATION.md §7). Identity numbers are personal data:
 * `maskIdentity` is the only form in which they appear in lists.
 */

const residentWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const residentCheck = '10X98765432';

/** 居民身份证号码 (GB 11643): 17 digits, a valid birth date in digits 7–14, and the check character. */
export function isResidentIdNumber(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  const date = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || !date.toISOString().startsWith(birth)) return false;
  const sum = residentWeights.reduce((total, weight, i) => total + weight * Number(value[i]), 0);
  return residentCheck[sum % 11] === value[17];
}

const creditAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const creditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 统一社会信用代码 (GB 32100): 18 characters of its alphabet with the check character. */
export function isCreditCode(value: string): boolean {
  if (value.length !== 18 || [...value].some((c) => !creditAlphabet.includes(c))) return false;
  const sum = creditWeights.reduce((total, weight, i) => total + weight * creditAlphabet.indexOf(value[i]!), 0);
  return creditAlphabet[(31 - (sum % 31)) % 31] === value[17];
}

export const idDocumentTypes = {
  resident: '居民身份证',
  passport: '护照',
  hkMacaoPermit: '港澳居民来往内地通行证',
  taiwanPermit: '台湾居民来往大陆通行证',
} as const;
export type IdDocumentType = keyof typeof idDocumentTypes;

const documentFormats: Record<Exclude<IdDocumentType, 'resident'>, { pattern: RegExp; hint: string }> = {
  passport: { pattern: /^[A-Z0-9]{5,17}$/, hint: '应为 5 至 17 位字母或数字' },
  hkMacaoPermit: { pattern: /^[HM]\d{8}(\d{2})?$/, hint: '应为 H 或 M 开头，后接 8 或 10 位数字' },
  taiwanPermit: { pattern: /^\d{8}$/, hint: '应为 8 位数字' },
};

/** null when the number fits the document type, otherwise what is wrong, in Chinese. */
export function checkIdDocument(type: IdDocumentType, number: string): string | null {
  if (type === 'resident')
    return isResidentIdNumber(number) ? null : '不是有效的居民身份证号码（请核对位数、出生日期和最后一位校验码）';
  const format = documentFormats[type];
  return format.pattern.test(number) ? null : `格式不正确，${format.hint}`;
}

/**
 * An identity number (any 证件号码, a 统一社会信用代码) as it is checked and kept: people type a
 * lower-case x, full-width characters from an input method, and spaces or dashes to group digits
 * (1101 0519 4912 3100 2x). One form for the application form, the API and the import alike.
 */
export const normaliseIdNumber = (value: string) =>
  value
    .normalize('NFKC')
    .replace(/[\s\-\u2010-\u2015\u30fc]/g, '')
    .toUpperCase();

/**
 * A telephone number an office can call back: a mobile number (11 digits from 13 to 19), a landline
 * with its area code (0439-6212345, an extension after 转 or -), a local 7–8 digit number, or an
 * international number after +. Spaces, brackets and dashes are the writer's own.
 */
export function isPhoneNumber(value: string): boolean {
  const [number = '', ...extension] = value.split(/转|ext\.?/i);
  if (extension.length > 1 || (extension.length && !/^\s*\d{1,6}\s*$/.test(extension[0]!))) return false;
  if (!/^[\d\s+\-()（）]+$/.test(number)) return false;
  const digits = number.replace(/[\s\-()（）]/g, '');
  if (digits.startsWith('+')) return /^\+\d{8,15}$/.test(digits);
  if (digits.startsWith('1')) return /^1[3-9]\d{9}$/.test(digits);
  if (digits.startsWith('0')) return /^0\d{9,11}(\d{1,6})?$/.test(digits) && digits.length <= 18;
  return /^\d{7,8}$/.test(digits);
}

/**
 * A name (姓名, an organisation's 名称, 法定代表人, 联系人) as the records keep it: NFKC, so full-width
 * letters and digits are their ordinary forms and a name is searched, compared and printed as one.
 */
export const normaliseName = (value: string) => value.normalize('NFKC');

/**
 * A combining mark that does not compose into a letter: an accent on a full-width letter or on a
 * letter with no accented form, marks stacked on a character. Such a name prints unlike what it
 * seems and hides from search; a name typed with a decomposed accent (Mu + ¨) composes and passes.
 */
export const hasLooseCombiningMark = (value: string) => /\p{M}/u.test(value.normalize('NFC'));

/** 1101**********002X: first four and last four characters, the rest hidden. */
export function maskIdentity(value: string): string {
  if (value.length <= 8) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

/** z***@fusong.gov.cn: the first character and the domain. */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  return at < 1 ? '***' : `${value[0]}***${value.slice(at)}`;
}

/** 138****5678 */
export function maskPhone(value: string): string {
  return value.length < 7
    ? '*'.repeat(value.length)
    : `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}
