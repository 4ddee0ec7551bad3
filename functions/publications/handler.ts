import { config } from '#lib/config.ts';
import { checkHealth } from '#store/health.ts';
import { createHandler } from '#lib/http.ts';
import { staffOf } from '#store/staff-access.ts';
import {
  createAttachmentUpload,
  createPublication,
  getColumnPage,
  getPublishingSettings,
  listPublications,
  publicationAttachment,
  privacyList,
  publicationDetail,
  rebuild,
  saveColumnPage,
  savePublishingSettings,
  siteStatus,
  stepPublication,
} from './publishing.ts';
import { publicationsRoutes } from './routes.ts';

/** Staff publishing information (主动公开); the renderer writes the public site from what they record. */
export const handler = createHandler(
  publicationsRoutes,
  {
    publicationsHealth: () => checkHealth('publications', config.privateBucket()),
    listPublications: ({ query, staff }) => listPublications(staff, query),
    createPublication: ({ body, staff }) => createPublication(body, staff),
    publicationDetail: ({ params, staff }) => publicationDetail(params.id, staff),
    publicationStep: ({ params, body, staff }) => stepPublication(params.id, body, staff),
    publicationAttachment: ({ params, staff }) => publicationAttachment(params.id, params.attachmentId, staff),
    createAttachmentUpload: ({ body, staff }) => createAttachmentUpload(body, staff),
    privacyFindings: ({ query, staff }) => privacyList(staff, query),
    getColumnPage: ({ params, staff }) => getColumnPage(params.page, staff),
    saveColumnPage: ({ params, body, staff }) => saveColumnPage(params.page, body, staff),
    getPublishingSettings: ({ staff }) => getPublishingSettings(staff),
    savePublishingSettings: ({ body, staff }) => savePublishingSettings(body, staff),
    rebuildSite: ({ staff }) => rebuild(staff),
    siteStatus: () => siteStatus(),
  },
  { staff: staffOf },
);
