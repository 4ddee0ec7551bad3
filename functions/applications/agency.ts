/** 机关设置: the agency's letter template, read by all its staff and edited by its administrators. */
import { defaultLetterSettings, type Agency, type LetterSettings } from '#core/agency.ts';
import { overrideProblem, remedyDefaults } from '#core/reconsideration.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { badRequest, notFound, stale } from '#lib/errors.ts';
import { getAgency, getAgencySeal, letterPrefixHolder, saveAgencySettings } from '#store/agencies.ts';
import type { LetterSettingsInput } from './schemas.ts';

const defaultsView = (defaults: ReturnType<typeof remedyDefaults>) => ({
  ...(defaults.reconsiderationBody && { reconsiderationBody: defaults.reconsiderationBody }),
  ...(defaults.court && { court: defaults.court }),
  basis: defaults.basis,
});

/** The agency and its parent: all the directory the law's defaults read (`remedyDefaults`). */
async function withParent(agencyId: string) {
  const agency = await getAgency(agencyId);
  if (!agency) throw notFound('未找到您所属的机关。');
  const parent = agency.parentId ? await getAgency(agency.parentId) : undefined;
  return { agency, directory: parent ? [parent] : [] };
}

export async function getLetterSettings(staff: StaffIdentity) {
  const { agency, directory } = await withParent(staff.agencyId);
  return {
    ...(agency.letters ?? defaultLetterSettings(agency, directory)),
    confirmed: Boolean(agency.letters),
    seal: Boolean(await getAgencySeal(agency.id)),
    remedyDefaults: defaultsView(remedyDefaults(agency, directory)),
    version: agency.lettersVersion,
  };
}

const problem = (field: string, message: string) => badRequest(message, [{ field: `body.${field}`, message }]);

export async function updateLetterSettings(input: LetterSettingsInput, staff: StaffIdentity) {
  const { version, reconsiderationNote, ...fields } = input;
  const { agency, directory } = await withParent(staff.agencyId);
  const defaults = remedyDefaults(agency, directory);
  const override = overrideProblem(input, defaults);
  if (override) throw problem('reconsiderationNote', override);
  const prefix = fields.prefix.trim();
  // Each agency numbers its own letters: a prefix another agency uses would repeat its numbers.
  const holder = await letterPrefixHolder(prefix);
  if (holder && holder.id !== agency.id)
    throw problem('prefix', `文书字号前缀：「${prefix}」已由${holder.name}使用，请填写本机关的字号`);
  const body = fields.reconsiderationBody.trim();
  const note = body !== defaults.reconsiderationBody && reconsiderationNote?.trim();
  const letters: LetterSettings = {
    ...fields,
    prefix,
    reconsiderationBody: body,
    ...(note && { reconsiderationNote: note }),
  };
  const saved = await saveAgencySettings(staff.agencyId, 'letters', letters, version, staff.username);
  if (saved === false) throw stale('文书设置已被他人修改，请刷新后重试。');
  return { ...letters, confirmed: true, remedyDefaults: defaultsView(defaults), version: saved };
}

/**
 * Day one of a new agency: the console's banner says its letter settings wait for confirmation (no
 * letter goes out before), and to its administrators where to confirm them.
 */
export function lettersNotice(staff: StaffIdentity, agency: Pick<Agency, 'letters'>) {
  if (agency.letters) return [];
  const admin = staff.roles.includes('admin');
  return [
    {
      title: '文书设置尚未确认',
      text: admin
        ? '确认本机关的文书字号前缀、联系机构、地址、电话、行政复议机关和行政诉讼法院之前，本机关不能发出接收回执、告知书和答复书。'
        : '本机关管理员确认文书设置（文书字号前缀、行政复议机关等）之前，不能发出接收回执、告知书和答复书，请联系本机关管理员。',
      ...(admin && { href: '#/settings', link: '确认文书设置' }),
    },
  ];
}
