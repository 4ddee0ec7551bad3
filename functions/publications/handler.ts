import { env, requireEnv } from '#lib/config.ts';
import { checkHealth } from '#lib/health.ts';
import { createHandler } from '#lib/http.ts';
import { publicationsRoutes } from './routes.ts';

const siteBucket = requireEnv(env.siteBucket);

/** Staff publishing information (主动公开) to the public site. */
export const handler = createHandler(publicationsRoutes, {
  publicationsHealth: () => checkHealth('publications', siteBucket),
});
