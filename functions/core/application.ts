/**
 * An application for information (依申请公开, 条例27–29): who applies, what they want and how,
 * its receipt number and query code, and the statuses a citizen sees.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ClockInput } from './clock.ts';
import type { IsoDate } from './dates.ts';
import type { IdDocumentType } from './identity.ts';
import type { Status } from './status.ts';
import type { CaseState } from './workflow.ts';

/** Organisation types, keyed as the columns of annual report table 三. */
export const organisationTypes = {
  business: '商业企业',
  research: '科研机构',
  publicWelfare: '社会公益组织',
  legalService: '法律服务机构',
  otherOrg: '其他',
} as const;
export type OrganisationType = keyof typeof organisationTypes;
/** The table 三 column an application is counted in. */
export type ApplicantColumn = 'natural' | OrganisationType;

export const media = { paper: '纸质文本', email: '电子邮件', disc: '光盘', other: '其他' } as const;
export const methods = { post: '邮寄', email: '电子邮件', pickup: '自行领取', onsite: '当场阅读、抄录' } as const;
export const uploadPurposes = { identity: '身份证明', supporting: '其他材料', correction: '补正材料' } as const;
/** What the application form asks for (补正材料 come later, with a correction). */
export const applicationUploadPurposes = ['identity', 'supporting'] as const;
export const uploadTypes = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' } as const;
export type UploadType = keyof typeof uploadTypes;
export const maxUploadBytes = 10 * 1024 * 1024;

export interface NaturalPerson {
  kind: 'person';
  name: string;
  idType: IdDocumentType;
  idNumber: string;
  employer?: string;
  address?: string;
  postcode?: string;
  phone: string;
  email?: string;
}

export interface Organisation {
  kind: 'organisation';
  name: string;
  orgType: OrganisationType;
  creditCode: string;
  legalRepresentative: string;
  contactName: string;
  phone: string;
  address?: string;
  email?: string;
}

export type Applicant = NaturalPerson | Organisation;

/** Who the applicant is, for counting their applications: the identity document or credit code. */
export const applicantIdentity = (applicant: Applicant) =>
  applicant.kind === 'person'
    ? `${applicant.idType}:${applicant.idNumber.toUpperCase()}`
    : `org:${applicant.creditCode.toUpperCase()}`;

export const applicantColumn = (applicant: Applicant): ApplicantColumn =>
  applicant.kind === 'person' ? 'natural' : applicant.orgType;

export interface InformationRequest {
  title: string;
  documentNumber?: string;
  description?: string;
}

export interface Delivery {
  medium: keyof typeof media;
  method: keyof typeof methods;
}

export interface LinkedUpload {
  id: string;
  purpose: keyof typeof uploadPurposes;
  fileName: string;
  contentType: UploadType;
  size: number;
  key: string;
}

export { statuses, type Status } from './status.ts';

export interface TimelineEvent {
  at: string;
  type: string;
  text: string;
}

export interface Application {
  receiptNumber: string;
  agencyId: string;
  submittedAt: string;
  receiptDate: IsoDate;
  receiptNote: string;
  status: Status;
  applicant: Applicant;
  request: InformationRequest;
  delivery: Delivery;
  uploads: LinkedUpload[];
  version: number;
  /** The statutory clock once staff have acted on it; absent, it is the receipt date alone. */
  clock?: ClockInput;
  /** What the handling steps recorded (correction, consultation, extension, fee, outcome). */
  handling?: Omit<CaseState, 'status' | 'clock'>;
  /**
   * 人工复核: why staff should check the applicant's identity before handling it (the identity number's
   * online applications of the day past the quota). Settled once the receipt is confirmed with the
   * identity checked.
   */
  manualReview?: { reason: string };
}

/** The 人工复核 still open on an application: until staff confirm receipt with the identity checked. */
export const reviewPending = (application: Pick<Application, 'manualReview' | 'handling'>) =>
  application.manualReview && !application.handling?.identityConfirmed ? application.manualReview.reason : null;

/** The state machine's view of an application. */
export const caseStateOf = (application: Application): CaseState => ({
  ...application.handling,
  status: application.status,
  clock: application.clock ?? { receiptDate: application.receiptDate },
});

/** LSH-2026-00012: the agency's code, the year of receipt, and the agency's sequence in that year. */
export const formatReceiptNumber = (agencyCode: string, year: number, sequence: number) =>
  `${agencyCode}-${year}-${String(sequence).padStart(5, '0')}`;
export const receiptNumberPattern = /^[A-Z]{2,8}-\d{4}-\d{5,}$/;
/** A receipt number as people type it: full-width (an IME), lower case, spaces, other dashes. */
export const normaliseReceiptNumber = (typed: string) =>
  typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/\s+/g, '')
    .replace(/[‐-―−－]/g, '-');

// No 0/O, 1/I/L: read aloud over the phone and typed from paper without confusion.
const codeAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const queryCodeLength = 10;

/**
 * The query code: derived from the submission's idempotency key and a salt kept with it for 24 hours,
 * so a retried submission is answered with the same code although only its hash is stored.
 */
export function deriveQueryCode(idempotencyKey: string, salt: string): string {
  const digest = createHmac('sha256', idempotencyKey).update(salt).digest();
  return [...digest.subarray(0, queryCodeLength)].map((byte) => codeAlphabet[byte % codeAlphabet.length]).join('');
}

export const newSalt = () => randomBytes(16).toString('base64url');

/** ABCDE-FGHJK, the way it is printed. */
export const formatQueryCode = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;
/** What a person typed, back to the code: case, spaces and hyphens do not matter. */
/** A query code as people type it: full-width, lower case, grouped with spaces or any dash. */
export const normaliseQueryCode = (typed: string) =>
  typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s‐-―−-]/g, '');

// The code guards a view of data that sits in the same table as its hash, so a deliberately slow
// hash would protect nothing a thief of the table does not already hold; what matters is that the
// code itself is never stored or logged, and is compared in constant time. Online guessing of its
// 31^10 ≈ 2^49.5 values is rate-limited per number and per client.
const digest = (code: string, salt: string) => createHash('sha256').update(`${salt}:${code}`).digest();

export function hashQueryCode(code: string, salt: string): string {
  return digest(code, salt).toString('base64url');
}

export function queryCodeMatches(typed: string, salt: string, hash: string): boolean {
  const stored = Buffer.from(hash, 'base64url');
  const candidate = digest(normaliseQueryCode(typed), salt);
  return stored.length === candidate.length && timingSafeEqual(stored, candidate);
}

/** What a citizen's status page shows: no identity number, phone or address. */
export interface PublicView {
  receiptNumber: string;
  agencyName: string;
  status: Status;
  statusLabel: string;
  submittedAt: string;
  receiptDate: IsoDate;
  receiptNote: string;
  request: InformationRequest;
  applicantName: string;
  /** `pending` while the deadline waits for a year's schedule: that year, and the earliest it can fall. */
  deadline: {
    due: IsoDate | null;
    steps: { kind: string; text: string }[];
    pending?: { year: number; earliest: IsoDate | null };
  };
  timeline: TimelineEvent[];
  letters: { title: string; number: string; issuedOn: IsoDate; version: number; url: string }[];
  /** Files given with the answer. */
  files: { id: string; fileName: string; size: number; url: string }[];
  /** While a correction is asked for: what to correct, and by when (`pending` says why not yet known). */
  correction?: { items: string[]; dueBy: IsoDate | null; pending?: string };
}

const signatures: Record<UploadType, number[][]> = {
  'application/pdf': [[0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  'image/png': [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  'image/jpeg': [[0xff, 0xd8, 0xff]],
};

/** Whether a file's first bytes are those of the type it was declared as. */
export const matchesDeclaredType = (type: UploadType, head: Uint8Array) =>
  signatures[type].some((signature) => signature.every((byte, i) => head[i] === byte));

/** Words of a request for comparing two: Han characters in overlapping pairs, Latin letters and digits as words. */
function requestWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of text
    .normalize('NFKC')
    .toLowerCase()
    .match(/\p{Script=Han}+|[a-z0-9]+/gu) ?? []) {
    if (/^[a-z0-9]/.test(run)) out.add(run);
    else for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
  }
  return out;
}

/**
 * How alike two requests are, from 0 to 1 (the Dice coefficient of their words; the title counted
 * with the description's opening): what the handler is shown as a possible 重复申请 (条例36(六)).
 */
export function requestSimilarity(
  a: { title: string; description?: string },
  b: { title: string; description?: string },
): number {
  const words = (r: { title: string; description?: string }) =>
    requestWords(`${r.title} ${(r.description ?? '').slice(0, 200)}`);
  const [x, y] = [words(a), words(b)];
  if (!x.size || !y.size) return 0;
  let shared = 0;
  for (const word of x) if (y.has(word)) shared += 1;
  return (2 * shared) / (x.size + y.size);
}

/** Requests at least this alike are shown to the handler as possibly the same. */
export const similarRequest = 0.5;
