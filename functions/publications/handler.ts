import { env, requireEnv } from '#lib/config.ts';
import { checkHealth } from '#lib/health.ts';
import { createHandler } from '#lib/http.ts';

const siteBucket = requireEnv(env.siteBucket);

/** Staff publishing information (主动公开) to the public site. */
export const handler = createHandler('publications', {
  publicationsHealth: () => checkHealth('publications', siteBucket),
});
