/**
 * Which body reviews an agency's decisions (复议机关) and which court hears a suit, as the remedy
 * clause of a reply names them. 《中华人民共和国行政复议法》 as revised in 2023 (in force 2024-01-01):
 * each local government is the one reconsideration body of its level (第二十四条), except for the
 * vertically managed agencies (海关、金融、外汇管理, 税务, 国家安全机关), which go to their superior
 * department (第二十七条). The choice of the old 第十二条 (上一级主管部门或者本级人民政府) is gone.
 * 司法行政部门 may be reviewed by either (第二十八条); the default here is the same-level government.
 */
import { type Agency, isGovernment } from './agency.ts';

export interface RemedyDefaults {
  /** The body by name (抚松县人民政府); undefined where the directory cannot tell, to be entered. */
  reconsiderationBody: string | undefined;
  /** The court by name; undefined where the directory cannot tell. */
  court: string | undefined;
  /** The article that gives the body, for the settings form and the note of an override. */
  basis: string;
}

/** The agency facts the derivation reads: its kind, its parent, and whether it is vertically managed. */
export type RemedyAgency = Pick<Agency, 'name' | 'kind' | 'parentId' | 'vertical' | 'superior'>;

const law = '《中华人民共和国行政复议法》';
/** 抚松县人民政府 → 抚松县: the place a government is named after. */
const placeOf = (government: string) => government.replace(/人民政府$/, '');

/**
 * The 复议机关 and court an agency's letters name by default, from its kind and its place in the
 * directory: a government's department and a town → that government (第二十四条第一款第（一）、（二）项);
 * a government → the government one level up, as its profile names it or its parent is (第二十四条
 * 第一款第（二）项 of that government); a vertically managed agency → its superior department (第二十七条).
 * Suits go to the basic court of the government's place, and against a government to the intermediate
 * court of the level above (《中华人民共和国行政诉讼法》第十四条、第十五条第（一）项). `directory` need
 * hold only the agency's parent.
 */
export function remedyDefaults(
  agency: RemedyAgency,
  directory: readonly (RemedyAgency & Pick<Agency, 'id'>)[],
): RemedyDefaults {
  const parent = agency.parentId ? directory.find((a) => a.id === agency.parentId) : undefined;
  if (isGovernment(agency.kind)) {
    const superior = agency.superior?.trim() || (parent && isGovernment(parent.kind) ? parent.name : undefined);
    return {
      reconsiderationBody: superior,
      court: superior && `${placeOf(superior)}中级人民法院`,
      basis: `${law}第二十四条第一款第（二）项`,
    };
  }
  const government = parent && isGovernment(parent.kind) ? parent : undefined;
  const basicCourt = government && `${placeOf(government.name)}人民法院`;
  if (agency.vertical)
    return {
      reconsiderationBody: agency.superior?.trim() || undefined,
      court: basicCourt,
      basis: `${law}第二十七条`,
    };
  return {
    reconsiderationBody: government?.name,
    court: basicCourt,
    basis: `${law}第二十四条第一款第（${agency.kind === 'town' ? '二' : '一'}）项`,
  };
}

/**
 * An administrator may name another body than the law's default (a 司法行政部门 choosing its superior
 * department, a directory that does not say the agency is vertically managed), with a note saying why;
 * without one, the override is refused with what the default is.
 */
export function overrideProblem(
  settings: { reconsiderationBody: string; reconsiderationNote?: string | undefined },
  defaults: RemedyDefaults,
): string | undefined {
  const body = settings.reconsiderationBody.trim();
  if (!defaults.reconsiderationBody || body === defaults.reconsiderationBody) return undefined;
  if (settings.reconsiderationNote?.trim()) return undefined;
  return `行政复议机关：按${defaults.basis}应为「${defaults.reconsiderationBody}」，改为「${body}」的，请在“改用其他复议机关的说明”中写明依据`;
}
