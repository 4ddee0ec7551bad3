/** The publications function's entries of the route table (主动公开). */
import { staffHealth } from '#lib/route-schemas.ts';
import type { RouteSpec } from '#lib/route-spec.ts';

export const publicationsRoutes = [
  staffHealth('publications'),
] as const satisfies readonly RouteSpec[];
