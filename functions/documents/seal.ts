/** The agency's 电子印章, placed by the letters' PDF over their date: kept private, never on the site. */
import { PDFDocument } from 'pdf-lib';
import type { StaffIdentity } from '#core/staff.ts';
import { badRequest } from '#lib/errors.ts';
import { saveAgencySeal } from '#store/agencies.ts';
import type { SealInput } from './schemas.ts';

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The agency's 电子印章 for its letters' PDF (administrators): a PNG that PDF can carry, or none. */
export async function saveSeal(input: SealInput, staff: StaffIdentity) {
  if (!input.image) {
    await saveAgencySeal(staff.agencyId, undefined, staff.username);
    return { seal: false };
  }
  const png = new Uint8Array(Buffer.from(input.image, 'base64'));
  const message = '电子印章：应为 PNG 图片（不超过 300 KB）';
  const refuse = () => badRequest(message, [{ field: 'body.image', message }]);
  if (!pngSignature.every((byte, i) => png[i] === byte)) throw refuse();
  try {
    // Placed by pdf-lib in each letter: what it cannot read is refused now, not when a letter is printed.
    await (await PDFDocument.create()).embedPng(png);
  } catch {
    throw refuse();
  }
  await saveAgencySeal(staff.agencyId, png, staff.username);
  return { seal: true };
}
