import { forbidden } from '#lib/errors.ts';
import { createHandler } from '#lib/http.ts';
import { devRoutes } from '#routes';
import { getStaff } from '#store/staff.ts';
import { jobViewOf } from '#store/job-requests.ts';
import { getJob } from '#store/jobs.ts';
import type { Job } from '#store/jobs.ts';
import { inspection } from '../../functions/jobs/inspection.ts';
import { recount } from '../../functions/jobs/recount.ts';
import { dailySweep } from '../../functions/sweep/handler.ts';
import { startPrivacySweepNow } from '../../functions/sweep/sweep.ts';
import type { Issuer } from './jwt.ts';
import { actingAs } from './table-access.ts';

/**
 * `POST /api/dev/token`, the local sign-in; `POST /api/dev/sweep`, the daily sweep on demand;
 * `POST /api/dev/privacy-sweep`, the 个人信息检查 of what was published, now (the daily sweep starts
 * it once a day); `POST /api/dev/recount`, the counters' recount; `POST /api/dev/inspection`, 自查 run
 * to its end now. None is in the deployed stack (`deploy: false`).
 */
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
    devPrivacySweep: ({ body }) =>
      actingAs('sweep', async () => {
        const id = await startPrivacySweepNow(body);
        return { ...jobViewOf((await getJob(id))!), started: true };
      }),
    devRecount: ({ body }) => actingAs('jobs', () => recount({ repair: body.repair, year: body.year })),
    // 自查 worked to its end here in one turn, as the jobs function works its turns (the benches count it).
    // Held to the API's 25 s like every route: a full run of a province outlasts it and is cut there, so
    // the agencies bench works its full runs in its own process.
    devInspection: ({ body }) =>
      actingAs('jobs', async () => {
        const at = new Date().toISOString();
        const job: Job = {
          id: 'dev',
          kind: 'inspection',
          params: { full: Boolean(body.full) },
          state: 'running',
          by: 'dev',
          agencyId: '',
          createdAt: at,
          updatedAt: at,
          progress: { done: 0, total: 0 },
          cursor: 0,
        };
        await inspection(
          job,
          () => true,
          async (step) => {
            job.result = step.result;
          },
        );
        return job.result as {
          ranAt: string;
          full: boolean;
          findings: number;
          reminded: number;
          agenciesChecked: number;
        };
      }),
  });
