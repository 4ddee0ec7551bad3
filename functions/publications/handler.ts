import { env, requireEnv } from '#lib/config.ts';
import { checkHealth } from '#lib/health.ts';
import { createHandler } from '#lib/http.ts';
import {
  createAttachmentUpload, createPublication, getColumnPage, getPublishingSettings, listPublications, publicationDetail, rebuild, saveColumnPage,
  savePublishingSettings, stepPublication,
} from './publishing.ts';
import { publicationsRoutes } from './routes.ts';

const siteBucket = requireEnv(env.siteBucket);

/** Staff publishing information (主动公开) to the public site. */
export const handler = createHandler(publicationsRoutes, {
  publicationsHealth: () => checkHealth('publications', siteBucket),
  listPublications: ({ query, staff }) => listPublications(staff, query),
  createPublication: ({ body, staff }) => createPublication(body, staff),
  publicationDetail: ({ params, staff }) => publicationDetail(params.id, staff),
  publicationStep: ({ params, body, staff }) => stepPublication(params.id, body, staff),
  createAttachmentUpload: ({ body }) => createAttachmentUpload(body),
  getColumnPage: ({ params, staff }) => getColumnPage(params.page, staff),
  saveColumnPage: ({ params, body, staff }) => saveColumnPage(params.page, body, staff),
  getPublishingSettings: ({ staff }) => getPublishingSettings(staff),
  savePublishingSettings: ({ body, staff }) => savePublishingSettings(body, staff),
  rebuildSite: ({ staff }) => rebuild(staff),
});
