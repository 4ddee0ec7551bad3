import { agencyKindLabels } from '#core/agency.ts';
import { env, requireEnv } from '#lib/config.ts';
import { checkHealth } from '#lib/health.ts';
import { createHandler } from '#lib/http.ts';
import { listAgencies } from '#store/agencies.ts';

const privateBucket = requireEnv(env.privateBucket);

/** Citizens' side: no sign-in. */
export const handler = createHandler('public', {
  health: () => checkHealth('public', privateBucket),
  listAgencies: async () => ({
    agencies: (await listAgencies())
      .filter((agency) => agency.acceptsApplications)
      .map(({ id, name, kind, parentId }) => ({ id, name, kind, kindLabel: agencyKindLabels[kind], parentId })),
  }),
});
