import { env, requireEnv } from '#lib/config.ts';
import { checkHealth } from '#lib/health.ts';
import { createHandler } from '#lib/http.ts';
import { reportsRoutes } from './routes.ts';

const siteBucket = requireEnv(env.siteBucket);

/** Staff compiling, submitting and publishing the annual report (年度报告). */
export const handler = createHandler(reportsRoutes, {
  reportsHealth: () => checkHealth('reports', siteBucket),
});
