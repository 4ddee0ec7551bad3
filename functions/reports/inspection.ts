/**
 * 自查 for staff: the latest run's report for the caller's agency (the county's staff: the county
 * and every agency under it), an earlier run's, the history; starting a run (administrators); the
 * thresholds (the county's administrators).
 */
import { countyWide } from '#core/access.ts';
import { beijingDateTime } from '#core/dates.ts';
import {
  agedFinding,
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
import { startJob } from '#store/job-requests.ts';
import { agencyPage, getAgency } from '#store/agencies.ts';
import { countsHistory, goneSince, underAsOf, type SeverityCounts } from '#store/agency-judgements.ts';
import {
  getInspectionRunSummary,
  getThresholds,
  listInspectionRuns,
  runFindings,
  saveThresholds,
  type InspectionRun,
} from '#store/inspection-runs.ts';
import { latestSiteChange } from '#store/site-changes.ts';

/** The caller's agency, and whether it oversees the agencies directly under it (a government). */
async function scopeOf(staff: StaffIdentity) {
  const home = await getAgency(staff.agencyId);
  if (!home) throw notFound('未找到该机关。');
  return { home, county: countyWide(home) };
}

/** Agencies a page of the portal-wide report lists (the first page's first row is the caller's own). */
const inspectionPage = 20;

const viewOf = (finding: Finding, names: Map<string, string>, day: string) => ({
  ...agedFinding(finding, day),
  agencyName: names.get(finding.agencyId) ?? finding.agencyId,
  ruleLabel: inspectionRules[finding.rule].label,
  severityLabel: severityLabels[finding.severity],
  action: inspectionRules[finding.rule].action,
});

const severities = ['veto', 'deduct', 'notice'] as const;
const sum = (...parts: (SeverityCounts | undefined)[]) => {
  const total = { veto: 0, deduct: 0, notice: 0 };
  for (const part of parts) for (const k of severities) total[k] += part?.[k] ?? 0;
  return total;
};

/**
 * The report a run made, for the caller: an agency's whole; a government's (itself and the agencies
 * directly under it) as its totals, kept as the runs judged each agency, and one page of agencies
 * with their counts and findings (`limit`, `cursor`, `next`), so its size and reads follow the page,
 * not the number of agencies. Findings are the agencies' own items, which each run references.
 */
export async function inspectionReport(
  query: { ranAt?: string; limit?: number; cursor?: string },
  staff: StaffIdentity,
) {
  const { home, county } = await scopeOf(staff);
  const [history, latest] = await Promise.all([listInspectionRuns(20), latestSiteChange()]);
  // The renderer's journal says when the site last changed (a publication, a withdrawal, a page saved).
  const siteChangedAt = latest?.split('#')[0] ?? null;
  const ranAt = query.ranAt ?? history[0]?.ranAt;
  const run = ranAt ? await getInspectionRunSummary(ranAt) : undefined;
  if (query.ranAt && !run) throw notFound('未找到该次自查。');
  const limit = query.limit ?? inspectionPage;
  const first = !query.cursor;
  const under =
    county && !(first && limit === 1)
      ? await agencyPage({ parentId: home.id }, { limit: first ? limit - 1 : limit, cursor: query.cursor })
      : { items: [], next: null };
  const listed: { id: string; name: string }[] = [...(first ? [home] : []), ...under.items];
  // An earlier run's last page: the agencies a later run found gone from under it, as that run found them.
  const gone =
    run && county && !under.next && run.ranAt !== history[0]?.ranAt
      ? (await goneSince(home.id, run.ranAt))
          .filter((a) => !listed.some((l) => l.id === a.agencyId))
          .sort((a, b) => a.order - b.order)
      : [];
  const names = new Map([...listed, ...gone.map((a) => ({ id: a.agencyId, name: a.name }))].map((a) => [a.id, a.name]));
  const parts = run
    ? await runFindings(
        run,
        [...new Set([home.id, ...listed.map((a) => a.id)])],
        gone.map((a) => a.agencyId),
      )
    : [];
  const byAgency = new Map(parts.map((p) => [p.agencyId, p]));
  listed.push(...gone.filter((a) => byAgency.has(a.agencyId)).map((a) => ({ id: a.agencyId, name: a.name })));
  const shown = parts.filter((p) => names.has(p.agencyId));
  const day = run ? beijingDateTime(new Date(run.ranAt)).date : '';
  const top = home.parentId === null;
  // The caller's totals: the portal's as the run counted them, else its own and those under it.
  const counts = !run
    ? sum()
    : run.format !== 2
      ? sum(...parts.map((p) => p.counts))
      : top && county
        ? sum(run.counts as SeverityCounts)
        : sum(byAgency.get(home.id)?.counts, county ? await underAsOf(home.id, run.ranAt) : undefined);
  const legacy = (counts: InspectionRun['counts'] | undefined) =>
    sum(...[...names.keys()].map((id) => (counts as Record<string, SeverityCounts> | undefined)?.[id]));
  return {
    scope: county ? ('county' as const) : ('agency' as const),
    ranAt: run?.ranAt ?? null,
    full: run?.full ?? false,
    siteChangedAt,
    // The latest report no longer covers the site as it is: the next run (Mondays, or on demand) will.
    newerPending: Boolean(!query.ranAt && siteChangedAt && (!run || siteChangedAt > run.ranAt)),
    findings: shown
      .flatMap((p) => p.findings)
      .sort(findingOrder)
      .map((f) => viewOf(f, names, day)),
    omitted: shown.flatMap((p) =>
      p.omitted.map((o) => {
        const agencyId = o.agencyId ?? p.agencyId;
        return { rule: o.rule, count: o.count, agencyId, agencyName: names.get(agencyId) ?? agencyId };
      }),
    ),
    counts,
    agencies: listed.map((a) => ({
      agencyId: a.id,
      agencyName: a.name,
      counts: sum(byAgency.get(a.id)?.counts),
    })),
    next: under.next,
    measure: run?.measure ?? null,
    history: await historyOf(history, home.id, Boolean(county), top, legacy),
    rules: Object.fromEntries(
      Object.entries(inspectionRules).map(([k, r]) => [k, { label: r.label, severity: r.severity, action: r.action }]),
    ),
  };
}

/**
 * The runs' totals for the caller: the portal's as each run counted them (its government), else the
 * agency's own and those under it as each run left them (the items written when they changed).
 */
async function historyOf(
  runs: Awaited<ReturnType<typeof listInspectionRuns>>,
  agencyId: string,
  county: boolean,
  top: boolean,
  legacy: (counts: InspectionRun['counts'] | undefined) => ReturnType<typeof sum>,
) {
  const newest = runs[0]?.ranAt;
  const series = newest && !(top && county) ? await countsHistory(agencyId, newest, runs.length) : undefined;
  const at = (list: { since: string; counts: SeverityCounts }[] | undefined, ranAt: string) =>
    list?.find((v) => v.since <= ranAt)?.counts;
  return runs.map((h) => ({
    ranAt: h.ranAt,
    full: h.full,
    counts:
      h.format !== 2
        ? legacy(h.counts)
        : top && county
          ? sum(h.counts as SeverityCounts)
          : sum(at(series?.own, h.ranAt), county ? at(series?.under, h.ranAt) : undefined),
  }));
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
