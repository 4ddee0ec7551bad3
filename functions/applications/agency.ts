/** 机关设置: the agency's letter template, read by all its staff and edited by its administrators. */
import { defaultLetterSettings } from '#core/agency.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { notFound, stale } from '#lib/errors.ts';
import { getAgency, saveAgencySettings } from '#store/agencies.ts';
import type { LetterSettingsInput } from './schemas.ts';

export async function getLetterSettings(staff: StaffIdentity) {
  const agency = await getAgency(staff.agencyId);
  if (!agency) throw notFound('未找到您所属的机关。');
  return { ...(agency.letters ?? defaultLetterSettings(agency)), version: agency.lettersVersion };
}

export async function updateLetterSettings(input: LetterSettingsInput, staff: StaffIdentity) {
  const { version, ...letters } = input;
  const saved = await saveAgencySettings(staff.agencyId, 'letters', letters, version, staff.username);
  if (saved === false) throw stale('文书设置已被他人修改，请刷新后重试。');
  return { ...letters, version: saved };
}
