import type { LocatedMark, MarkInput, VerificationCheck } from '#core/redaction.ts';
import { RedactionInputError } from './match.ts';

const unsupported = () => new RedactionInputError('Word、Excel 文件的删除处理尚未完成');
export async function locateOffice(
  _bytes: Uint8Array,
  _format: 'docx' | 'xlsx',
  _marks: readonly MarkInput[],
  _except: readonly string[],
): Promise<LocatedMark[]> {
  throw unsupported();
}
export function redactOffice(_bytes: Uint8Array, _format: 'docx' | 'xlsx', _marks: readonly LocatedMark[]): Uint8Array {
  throw unsupported();
}
export function verifyOffice(
  _bytes: Uint8Array,
  _format: 'docx' | 'xlsx',
  _marks: readonly LocatedMark[],
): VerificationCheck[] {
  throw unsupported();
}
