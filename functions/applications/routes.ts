/** The applications function's entries of the route table (staff handling applications). */
import * as z from 'zod/mini';
import { agencyKinds } from '#core/agency.ts';
import { roles } from '#core/staff.ts';
import { staffHealth } from '#lib/route-schemas.ts';
import type { RouteSpec } from '#lib/route-spec.ts';
import { actionInput, calendarExample, calendarInput } from './schemas.ts';

const allStaff = roles;

const staffProfile = z.object({
  username: z.string(),
  name: z.string(),
  roles: z.array(z.object({ role: z.enum(roles), label: z.string() })),
  agency: z.object({ id: z.string(), name: z.string(), kind: z.enum(agencyKinds) }),
});

const schedule = z.object({
  year: z.number(),
  complete: z.boolean(),
  official: z.boolean(),
  days: z.array(z.object({ date: z.string(), kind: z.enum(['holiday', 'workday']), note: z.string() })),
  version: z.number(),
  updatedBy: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
  note: z.optional(z.string()),
});

const receiptParams = z.object({ receiptNumber: z.string().check(z.maxLength(40, '受理编号过长'), z.meta({ title: '受理编号' })) });
const handlers = ['handler', 'reviewer'] as const;

export const applicationsRoutes = [
  {
    operationId: 'listQueue',
    method: 'GET',
    path: '/api/staff/applications',
    fn: 'applications',
    auth: 'staff',
    roles: allStaff,
    tag: '依申请公开办理',
    summary: '本机关的申请，按答复期限先后排列（证件号码、电话已遮蔽）',
    response: z.object({ applications: z.array(z.object({
      receiptNumber: z.string(), receiptDate: z.string(), status: z.string(), statusLabel: z.string(), title: z.string(),
      applicantKind: z.string(), applicantName: z.string(), identity: z.string(), phone: z.string(), due: z.nullable(z.string()), version: z.number(),
    })) }),
  },
  {
    operationId: 'applicationDetail',
    method: 'GET',
    path: '/api/staff/applications/{receiptNumber}',
    fn: 'applications',
    auth: 'staff',
    roles: handlers,
    tag: '依申请公开办理',
    summary: '申请详情：申请人信息、办理记录和答复期限的计算过程',
    params: receiptParams,
    response: z.object({
      application: z.record(z.string(), z.unknown()),
      deadline: z.object({ due: z.nullable(z.string()), steps: z.array(z.object({ kind: z.string(), text: z.string() })) }),
      events: z.array(z.object({ at: z.string(), type: z.string(), text: z.string(), actor: z.optional(z.string()), public: z.boolean() })),
    }),
  },
  {
    operationId: 'takeAction',
    method: 'POST',
    path: '/api/staff/applications/{receiptNumber}/actions',
    fn: 'applications',
    auth: 'staff',
    roles: handlers,
    tag: '依申请公开办理',
    summary: '办理操作（确认收到、告知补正、征求意见、延期及审批、答复、办结、撤回）。version 为读取时的版本号，已被他人更新时答复 409',
    params: receiptParams,
    body: actionInput,
    example: { version: 1, action: { type: 'requestCorrection', items: ['请明确所需信息的形成年度'], periodDays: 10 } },
    response: z.object({ receiptNumber: z.string(), status: z.string(), statusLabel: z.string(), version: z.number(), event: z.object({ type: z.string(), actor: z.string(), on: z.string(), text: z.string() }) }),
  },
  {
    operationId: 'staffProfile',
    method: 'GET',
    path: '/api/staff/me',
    fn: 'applications',
    auth: 'staff',
    roles: allStaff,
    tag: '工作人员',
    summary: '当前登录的工作人员、所属机关和角色',
    response: staffProfile,
  },
  {
    operationId: 'listCalendar',
    method: 'GET',
    path: '/api/staff/calendar',
    fn: 'applications',
    auth: 'staff',
    roles: allStaff,
    tag: '工作日历',
    summary: '工作日历：各年度的放假和调休安排（官方数据与管理员录入），以及已覆盖的年度',
    response: z.object({ coveredYears: z.array(z.number()), schedules: z.array(schedule) }),
  },
  {
    operationId: 'saveCalendarYear',
    method: 'PUT',
    path: '/api/staff/calendar/{year}',
    fn: 'applications',
    auth: 'staff',
    roles: ['admin'],
    tag: '工作日历',
    summary: '录入或修改一个年度的放假和调休安排（管理员）。version 为读取时的版本号，新录入填 0',
    params: z.object({ year: z.coerce.number().check(z.int(), z.minimum(2004, '年度不能早于 2004'), z.maximum(2100, '年度不能晚于 2100'), z.meta({ title: '年度' })) }),
    body: calendarInput,
    example: calendarExample,
    response: schedule,
  },
  staffHealth('applications'),
] as const satisfies readonly RouteSpec[];
