import { config } from '#lib/config.ts';
import { createHandler } from '#lib/http.ts';
import { staffOf } from '#store/staff-access.ts';
import { checkHealth } from '#store/health.ts';
import {
  batchDetail,
  batchStep,
  categoryMapView,
  importPublications,
  listBatches,
  saveCategoryChoices,
} from './catalogue.ts';
import { importsRoutes } from './routes.ts';

/** A county's history brought in: the old catalogue, staged in batches, approved, published by a job. */
export const handler = createHandler(
  importsRoutes,
  {
    importsHealth: () => checkHealth('imports', config.privateBucket()),
    importPublications: ({ body, staff, timeLeft }) => importPublications(body, staff, timeLeft),
    importCategoryMap: ({ staff }) => categoryMapView(staff),
    saveImportCategoryMap: ({ body, staff }) => saveCategoryChoices(body, staff),
    listImportBatches: ({ query, staff }) => listBatches(staff, query),
    importBatchDetail: ({ params, query, staff }) => batchDetail(params.batchId, staff, query),
    importBatchStep: ({ params, body, staff }) => batchStep(params.batchId, body, staff),
  },
  { staff: staffOf },
);
