import { countyWide, governs } from '#core/access.ts';
import { roleLabels } from '#core/staff.ts';
import { config } from '#lib/config.ts';
import { notFound } from '#lib/errors.ts';
import { checkHealth } from '#store/health.ts';
import { createHandler } from '#lib/http.ts';
import { staffOf } from '#store/staff-access.ts';
import { importCases } from './imports.ts';
import { reissueCode } from './query-code.ts';
import { applicationsRoutes } from './routes.ts';
import { getAgency } from '#store/agencies.ts';
import { getStaff } from '#store/staff.ts';
import { calendarNotices, listCalendar, saveCalendarYear } from './calendar.ts';
import { getLetterSettings, lettersNotice, updateLetterSettings } from './agency.ts';
import {
  applicationDetail,
  applicationFile,
  createStaffUpload,
  feePreview,
  fileCheck,
  letterHtml,
  listAgencyOutbox,
  listQueue,
  recordLetterService,
  startFileCheck,
  takeAction,
} from './handling.ts';

/** Staff handling applications (依申请公开). */
export const handler = createHandler(
  applicationsRoutes,
  {
    importCases: ({ body, staff, timeLeft }) => importCases(body, staff, timeLeft),
    applicationsHealth: () => checkHealth('applications', config.privateBucket()),
    listQueue: ({ query, staff }) => listQueue(staff, query),
    applicationDetail: ({ params, staff }) => applicationDetail(params.receiptNumber, staff),
    applicationFile: ({ params, staff }) => applicationFile(params.receiptNumber, params.fileId, staff),
    staffLetter: ({ params, staff }) => letterHtml(params.receiptNumber, params.version, staff),
    feePreview: ({ params, query, staff }) => feePreview(params.receiptNumber, query, staff),
    createStaffUpload: ({ body, staff }) => createStaffUpload(body, staff),
    startFileCheck: ({ params, body, staff }) => startFileCheck(params.receiptNumber, body, staff),
    fileCheck: ({ params, staff }) => fileCheck(params.receiptNumber, params.id, staff),
    listOutbox: ({ query, staff }) => listAgencyOutbox(staff, query),
    getLetterSettings: ({ staff }) => getLetterSettings(staff),
    saveLetterSettings: ({ body, staff }) => updateLetterSettings(body, staff),
    takeAction: ({ params, body, staff }) => takeAction(params.receiptNumber, body, staff),
    recordLetterService: ({ params, body, staff }) =>
      recordLetterService(params.receiptNumber, params.version, body, staff),
    reissueQueryCode: ({ params, body, staff }) => reissueCode(params.receiptNumber, body, staff),
    listCalendar: () => listCalendar(),
    saveCalendarYear: ({ params, body, staff }) => saveCalendarYear(params.year, body, staff),
    staffProfile: async ({ staff }) => {
      const [member, agency] = await Promise.all([getStaff(staff.username), getAgency(staff.agencyId)]);
      if (!member || !agency) throw notFound('未找到您的工作人员档案或所属机关，请联系管理员。');
      return {
        username: member.username,
        name: member.name,
        roles: staff.roles.map((role) => ({ role, label: roleLabels[role] })),
        agency: {
          id: agency.id,
          name: agency.name,
          kind: agency.kind,
          parentId: agency.parentId,
          governs: governs(agency),
          portalWide: countyWide(agency),
        },
        notices: [...lettersNotice(staff, agency), ...(await calendarNotices(staff, agency))],
      };
    },
  },
  { staff: staffOf },
);
