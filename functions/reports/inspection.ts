/**
 * 自查 for staff: the latest run's report for the caller's agency (the county's staff: the county
 * and every agency under it), an earlier run's, the history; starting a run (administrators); the
 * thresholds (the county's administrators).
 */
import { countyWide } from '#core/access.ts';
import {
  columnTypeLabels,
  findingOrder,
  inspectionRules,
  severityLabels,
  thresholdProblems,
  type Finding,
  type InspectionThresholds,
} from '#core/inspection.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { badRequest, forbidden, notFound, stale } from '#lib/errors.ts';
import { startJob } from '#lib/jobs.ts';
import { agencyChildren, getAgency } from '#store/agencies.ts';
import {
  getInspectionRun,
  getThresholds,
  latestSiteChange,
  listInspectionRuns,
  saveThresholds,
  type InspectionRun,
} from '#store/inspection.ts';

/** The agencies whose findings the caller sees. */
async function scopeOf(staff: StaffIdentity) {
  const home = await getAgency(staff.agencyId);
  if (!home) throw notFound('未找到该机关。');
  const county = countyWide(home);
  // The agencies directly under it, read from their parent's index: not every agency of the portal.
  const within = [home, ...(county ? await agencyChildren(home.id) : [])];
  return { home, county, names: new Map(within.map((a) => [a.id, a.name])) };
}

const viewOf = (finding: Finding, names: Map<string, string>) => ({
  ...finding,
  agencyName: names.get(finding.agencyId) ?? finding.agencyId,
  ruleLabel: inspectionRules[finding.rule].label,
  severityLabel: severityLabels[finding.severity],
  action: inspectionRules[finding.rule].action,
});

export async function inspectionReport(query: { ranAt?: string }, staff: StaffIdentity) {
  const { county, names } = await scopeOf(staff);
  const [history, latest] = await Promise.all([listInspectionRuns(20), latestSiteChange()]);
  // The renderer's journal says when the site last changed (a publication, a withdrawal, a page saved).
  const siteChangedAt = latest?.split('#')[0] ?? null;
  const ranAt = query.ranAt ?? history[0]?.ranAt;
  const run: InspectionRun | undefined = ranAt ? await getInspectionRun(ranAt, [...names.keys()]) : undefined;
  if (query.ranAt && !run) throw notFound('未找到该次自查。');
  const mine = (agencyId: string) => names.has(agencyId);
  const total = (counts: InspectionRun['counts'] | undefined) => {
    const sum = { veto: 0, deduct: 0, notice: 0 };
    for (const [agencyId, c] of Object.entries(counts ?? {}))
      if (mine(agencyId)) for (const k of ['veto', 'deduct', 'notice'] as const) sum[k] += c[k] ?? 0;
    return sum;
  };
  return {
    scope: county ? ('county' as const) : ('agency' as const),
    ranAt: run?.ranAt ?? null,
    full: run?.full ?? false,
    siteChangedAt,
    // The latest report no longer covers the site as it is: the next run (Mondays, or on demand) will.
    newerPending: Boolean(!query.ranAt && siteChangedAt && (!run || siteChangedAt > run.ranAt)),
    // One item per agency, read in no order: single-veto items first again.
    findings: (run?.findings ?? []).sort(findingOrder).map((f) => viewOf(f, names)),
    omitted: (run?.omitted ?? []).map((o) => ({ ...o, agencyName: names.get(o.agencyId) ?? o.agencyId })),
    counts: total(run?.counts),
    measure: run?.measure ?? null,
    history: history.map((h) => ({ ranAt: h.ranAt, full: h.full, counts: total(h.counts) })),
    rules: Object.fromEntries(
      Object.entries(inspectionRules).map(([k, r]) => [k, { label: r.label, severity: r.severity, action: r.action }]),
    ),
  };
}

export function runInspection(body: { full?: boolean }, staff: StaffIdentity) {
  return startJob('inspection', { full: Boolean(body.full) }, staff);
}

export async function inspectionSettings(staff: StaffIdentity) {
  const { county } = await scopeOf(staff);
  return { ...(await getThresholds()), columnTypeLabels, editable: county && staff.roles.includes('admin') };
}

export async function saveInspectionSettings(body: InspectionThresholds & { version: number }, staff: StaffIdentity) {
  const { county } = await scopeOf(staff);
  if (!county) throw forbidden('只有县级管理员可以修改自查标准。');
  const { version, ...thresholds } = body;
  const problems = thresholdProblems(thresholds);
  if (problems.length) throw badRequest('自查标准填写有误。', problems);
  if (!(await saveThresholds(thresholds, version, staff.username))) throw stale('自查标准已被他人修改，请刷新后重试。');
  return inspectionSettings(staff);
}
