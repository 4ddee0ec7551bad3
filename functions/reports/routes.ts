/** The reports function's entries of the route table (年度报告). */
import { staffHealth } from '#lib/route-schemas.ts';
import type { RouteSpec } from '#lib/route-spec.ts';

export const reportsRoutes = [
  staffHealth('reports'),
] as const satisfies readonly RouteSpec[];
