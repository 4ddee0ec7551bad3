import { config } from '#lib/config.ts';
import { countyWide } from '#core/access.ts';
import { beijingDateTime } from '#core/dates.ts';
import { checkHealth } from '#store/health.ts';
import { createHandler } from '#lib/http.ts';
import { staffOf } from '#store/staff-access.ts';
import { forbidden } from '#lib/errors.ts';
import { followJob, startJob } from '#store/job-requests.ts';
import { getAgency } from '#store/agencies.ts';
import { listCases, recordCase, updateCase } from './cases.ts';
import {
  countyOverview,
  getAnnualReport,
  previewAnnualReport,
  importArchivedReport,
  importArchivedReports,
  withdrawArchivedReport,
  saveAnnualReport,
  stepAnnualReport,
} from './reports.ts';
import { inspectionReport, inspectionSettings, runInspection, saveInspectionSettings } from './inspection.ts';
import { reportsRoutes } from './routes.ts';
import { statisticsFor } from './statistics.ts';

/** Staff compiling, submitting and publishing the annual report (年度报告), and recording the cases of its table 四. */
export const handler = createHandler(
  reportsRoutes,
  {
    reportsHealth: () => checkHealth('reports', config.privateBucket()),
    getAnnualReport: ({ params, staff }) => getAnnualReport(params.agencyId, params.year, staff),
    previewAnnualReport: ({ params, staff }) => previewAnnualReport(params.agencyId, params.year, staff),
    saveAnnualReport: ({ params, body, staff }) => saveAnnualReport(params.agencyId, params.year, body, staff),
    annualReportStep: ({ params, body, staff }) => stepAnnualReport(params.agencyId, params.year, body, staff),
    importArchivedReport: ({ params, body, staff }) => importArchivedReport(params.agencyId, params.year, body, staff),
    importArchivedReports: ({ body, staff }) => importArchivedReports(body, staff),
    withdrawArchivedReport: ({ params, staff }) => withdrawArchivedReport(params.agencyId, params.year, staff),
    countyReportOverview: ({ params, query, staff }) => countyOverview(params.year, staff, query),
    listCases: ({ params, staff }) => listCases(params.receiptNumber, staff),
    recordCase: ({ params, body, staff }) => recordCase(params.receiptNumber, body, staff),
    updateCase: ({ params, body, staff }) => updateCase(params.receiptNumber, params.caseId, body, staff),
    recountReports: async ({ body, staff }) => {
      // Every agency's records: the county's administrators only.
      if (!countyWide(await getAgency(staff.agencyId))) throw forbidden('只有县级管理员可以重新统计。');
      return startJob('recount', { repair: Boolean(body.repair), ...(body.year && { year: body.year }) }, staff);
    },
    followJob: ({ params, staff }) => followJob(params.id, staff),
    getStatistics: ({ query, staff }) =>
      statisticsFor(query, staff, Number(beijingDateTime(new Date()).date.slice(0, 4))),
    getInspection: ({ query, staff }) => inspectionReport(query, staff),
    runInspection: async ({ body, staff }) => {
      // The whole site: the county's administrators only (towns and departments read their findings).
      if (!countyWide(await getAgency(staff.agencyId))) throw forbidden('只有县级管理员可以发起网站自查。');
      return runInspection(body, staff);
    },
    getInspectionSettings: ({ staff }) => inspectionSettings(staff),
    saveInspectionSettings: ({ body, staff }) => saveInspectionSettings(body, staff),
  },
  { staff: staffOf },
);
