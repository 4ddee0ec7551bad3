/**
 * 工作统计 for staff: an agency's year, or the county's (itself and the towns and departments under
 * it) for the county's staff. One counter item per agency read: constant whatever the records.
 */
import { governs, reportAccess, standing } from '#core/access.ts';
import { compileStatistics } from '#core/statistics.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { badRequest, notFound } from '#lib/errors.ts';
import { agencyDirectory, getAgency } from '#store/agencies.ts';
import { getStatsOf } from '#store/stats.ts';

export async function statisticsFor(
  query: { agencyId?: string; year?: number },
  staff: StaffIdentity,
  thisYear: number,
) {
  const year = query.year ?? thisYear;
  if (year < 2008 || year > thisYear)
    throw badRequest('年度无效。', [{ field: 'year', message: `年度应在 2008 至 ${thisYear} 之间` }]);
  const home = await getAgency(staff.agencyId);
  if (!home) throw notFound('未找到该机关。');
  const agencyId = query.agencyId ?? staff.agencyId;
  const county = governs(home) && agencyId === home.id && !query.agencyId;
  if (county) {
    const agencies = (await agencyDirectory()).filter((a) => a.id === home.id || a.parentId === home.id);
    const counters = await getStatsOf(
      agencies.map((a) => a.id),
      year,
    );
    const each = agencies.map((a, i) => ({ agency: a, stats: compileStatistics(year, [counters[i]!]) }));
    return {
      scope: 'county' as const,
      agencyId: home.id,
      agencyName: home.name,
      year,
      statistics: compileStatistics(year, counters),
      agencies: each.map(({ agency, stats }) => ({
        agencyId: agency.id,
        agencyName: agency.name,
        received: stats.total.received,
        answered: stats.total.answered,
        onTime: stats.total.onTime,
        late: stats.total.late,
        onTimeRate: stats.onTimeRate,
      })),
    };
  }
  const agency = agencyId === home.id ? home : await getAgency(agencyId);
  if (!agency || !reportAccess(staff, standing(staff, agency, home), agency).read) throw notFound('未找到该机关。');
  const [counters] = await getStatsOf([agency.id], year);
  return {
    scope: 'agency' as const,
    agencyId: agency.id,
    agencyName: agency.name,
    year,
    statistics: compileStatistics(year, [counters!]),
    agencies: [],
  };
}
