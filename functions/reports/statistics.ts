/**
 * 工作统计 for staff: an agency's year, or a government's (itself and the agencies directly under it)
 * for its staff: its total from its own counters and their sum under it, its agencies a page at a
 * time. A few items read, whatever the number of records or of agencies.
 */
import { governs, reportAccess, standing } from '#core/access.ts';
import { compileStatistics } from '#core/statistics.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { badRequest, notFound } from '#lib/errors.ts';
import { agencyPage, getAgency } from '#store/agencies.ts';
import { getStatsOf, getStatsUnder } from '#store/stats.ts';

/** Rows a page holds: the government itself first, then a page of those under it. */
const statisticsPage = 50;

export async function statisticsFor(
  query: { agencyId?: string; year?: number; limit?: number; cursor?: string },
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
    // Its total: its own counters and their sum over the agencies under it, kept by each step.
    const limit = query.limit ?? statisticsPage;
    const first = !query.cursor;
    const [under, [own], sums] = await Promise.all([
      first && limit === 1
        ? { items: [], next: null }
        : agencyPage({ parentId: home.id }, { limit: first ? limit - 1 : limit, cursor: query.cursor }),
      getStatsOf([home.id], year),
      getStatsUnder(home.id, year),
    ]);
    const agencies = [...(first ? [home] : []), ...under.items];
    const counters = await getStatsOf(
      agencies.map((a) => a.id),
      year,
    );
    return {
      scope: 'county' as const,
      agencyId: home.id,
      agencyName: home.name,
      year,
      statistics: compileStatistics(year, [own!, ...sums]),
      agencies: agencies.map((agency, i) => {
        const stats = compileStatistics(year, [counters[i]!]);
        return {
          agencyId: agency.id,
          agencyName: agency.name,
          received: stats.total.received,
          answered: stats.total.answered,
          onTime: stats.total.onTime,
          late: stats.total.late,
          onTimeRate: stats.onTimeRate,
        };
      }),
      next: under.next,
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
    next: null,
  };
}
