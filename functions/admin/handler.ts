import { createHandler } from '#lib/http.ts';
import { staffOf } from '#store/staff-access.ts';
import { clearSignInLimits, createUser, getUser, listUsers, resetPassword, updateUser } from './accounts.ts';
import { createAgency, getManagedAgency, listAgencies, updateAgency } from './agencies.ts';
import { readAdminLog } from './audit.ts';
import { expressionRulesView, saveExpressionRules } from './expressions.ts';
import { adminRoutes } from './routes.ts';

/**
 * Setting up a deployment and keeping it: agencies (机构管理), staff accounts (人员管理) with the
 * identity provider, and the audit of administration. The one function granted the provider's
 * administration API.
 */
export const handler = createHandler(
  adminRoutes,
  {
    listManagedAgencies: ({ query, staff }) => listAgencies(staff, query),
    getManagedAgency: ({ params, staff }) => getManagedAgency(params.agencyId, staff),
    createAgency: ({ body, staff }) => createAgency(body, staff),
    updateAgency: ({ params, body, staff }) => updateAgency(params.agencyId, body, staff),
    listUsers: ({ query, staff }) => listUsers(staff, query.agencyId),
    createUser: ({ body, staff }) => createUser(body, staff),
    getUser: ({ params, staff }) => getUser(staff, params.username),
    updateUser: ({ params, body, staff }) => updateUser(params.username, body, staff),
    resetPassword: ({ params, staff }) => resetPassword(params.username, staff),
    clearSignInLimits: ({ params, staff }) => clearSignInLimits(params.username, staff),
    listAdminLog: ({ query, staff }) => readAdminLog(staff, query),
    getExpressionRules: ({ staff }) => expressionRulesView(staff),
    saveExpressionRules: ({ body, staff }) => saveExpressionRules(body, staff),
  },
  { staff: staffOf },
);
