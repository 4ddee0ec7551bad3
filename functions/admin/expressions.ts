/** 表述检查词库: the county's additions to and exceptions from the shipped dictionary (its administrators). */
import { expressionChecker, expressionRulesVersion, shippedExpressionLabels } from '#core/expressions.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { forbidden, stale } from '#lib/errors.ts';
import { getAgency } from '#store/agencies.ts';
import { getCountyExpressions, saveCountyExpressions } from '#store/expressions.ts';
import type { ExpressionRulesInput } from './schemas.ts';

/** The portal's government: only its administrators keep the county's dictionary. */
async function countyOf(staff: StaffIdentity) {
  const home = await getAgency(staff.agencyId);
  if (!home || home.parentId !== null) throw forbidden('表述检查词库由本级人民政府的管理员维护。');
  return home;
}

export async function expressionRulesView(staff: StaffIdentity) {
  const county = await countyOf(staff);
  const own = await getCountyExpressions(county.id);
  const { kinds, sources } = shippedExpressionLabels();
  return {
    shipped: { version: expressionRulesVersion, sources: Object.values(sources) },
    kinds: Object.entries(kinds).map(([value, label]) => ({ value, label })),
    ...own,
  };
}

export async function saveExpressionRules(input: ExpressionRulesInput, staff: StaffIdentity) {
  const county = await countyOf(staff);
  const value = {
    additions: input.additions.map(({ kind, wrong, right, note }) => ({
      kind,
      wrong,
      right,
      source: note || `${county.name}补充`,
    })),
    exceptions: input.exceptions,
  };
  // Checked to compile before it is kept, as the 自查 run will build it.
  expressionChecker(value);
  const version = await saveCountyExpressions(county.id, value, input.version, staff.username);
  if (version === false) throw stale('表述检查词库已被他人修改，请刷新后重试。');
  return expressionRulesView(staff);
}
