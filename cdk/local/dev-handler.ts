import { forbidden } from '#lib/errors.ts';
import { createHandler } from '#lib/http.ts';
import { devRoutes } from '#routes';
import { getStaff } from '#store/staff.ts';
import { jobViewOf } from '#store/job-requests.ts';
import { recount } from '../../functions/jobs/recount.ts';
import { dailySweep } from '../../functions/sweep/handler.ts';
import { startNow } from '../../functions/sweep/sweep.ts';
import type { Issuer } from './jwt.ts';
import { actingAs } from './table-access.ts';

/**
 * `POST /api/dev/token`, the local sign-in; `POST /api/dev/sweep`, the daily sweep on demand;
 * `POST /api/dev/privacy-sweep`, the 个人信息检查 of what was published, now (the daily sweep starts
 * it once a day); `POST /api/dev/recount`, the counters' recount; `POST /api/dev/inspection`, 自查
 * started now as a job. None is in the deployed stack (`deploy: false`).
 */
/** A job started now as the sweep starts it, answered as the job routes answer it. */
async function startedNow(kind: 'inspection' | 'privacySweep', params: Record<string, unknown>) {
  const { job, started } = await startNow(kind, params);
  if (!job) throw new Error('a job started now under a fresh id has no holder to lose to');
  return { ...jobViewOf(job), started };
}

export const devHandler = (issuer: Issuer) =>
  createHandler(devRoutes, {
    devToken: async ({ body }) => {
      const member = await getStaff(body.username);
      if (!member || member.pending) throw forbidden(`本地数据中没有用户「${body.username}」。`);
      if (member.disabled) throw forbidden('该账号已停用。');
      return issuer.sign({
        username: member.username,
        agencyId: member.agencyId,
        roles: member.roles,
        name: member.name,
      });
    },
    devSweep: () => actingAs('sweep', () => dailySweep()),
    devPrivacySweep: ({ body }) => actingAs('sweep', () => startedNow('privacySweep', body)),
    devRecount: ({ body }) => actingAs('jobs', () => recount({ repair: body.repair, year: body.year })),
    // 自查 started as the Monday sweep starts it: a job the local jobs worker runs in turns, as the
    // deployed jobs function does (a province's run outlasts one request's 25 s), followed with
    // GET /api/staff/jobs/{id} by the portal's administrators; a run under way is answered instead.
    devInspection: ({ body }) => actingAs('sweep', () => startedNow('inspection', { full: Boolean(body.full) })),
  });
