/** The applications function's entries of the route table (staff handling applications). */
import * as z from 'zod/mini';
import { agencyKinds } from '#core/agency.ts';
import { roles } from '#core/staff.ts';
import { staffHealth } from '#lib/route-schemas.ts';
import type { RouteSpec } from '#lib/route-spec.ts';
import { calendarExample, calendarInput } from './schemas.ts';

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

export const applicationsRoutes = [
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
