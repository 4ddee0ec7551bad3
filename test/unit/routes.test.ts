import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { deployedRoutes, routeKey, routes, type RouteSpec } from '#routes';
import { functionSpecs, type DeployedFunction } from '../../cdk/functions.ts';
import { openApiDocument } from '../../cdk/openapi.ts';

const all = routes as readonly RouteSpec[];

describe('the route table', () => {
  it('has one entry per method and path', () => {
    expect(new Set(all.map(routeKey)).size).toBe(all.length);
  });

  it('names each operation once (OpenAPI operationIds are unique; each summary and setup is found by it)', () => {
    const ids = all.map((r) => r.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('gives every request body an example that its own schema accepts', () => {
    for (const route of all.filter((r) => r.schemas().body)) {
      expect(route.example, route.operationId).toBeDefined();
      expect(z.safeParse(route.schemas().body!, route.example).success, route.operationId).toBe(true);
    }
  });

  it('puts every staff route behind roles and under /api/staff/ or /api/reports/ (staff only), and no public route there', () => {
    const staffOnly = (path: string) => path.startsWith('/api/staff/') || path.startsWith('/api/reports/');
    for (const route of all) {
      if (route.auth === 'staff') expect(route.roles?.length, route.operationId).toBeGreaterThan(0);
      expect(staffOnly(route.path), route.operationId).toBe(route.auth === 'staff');
    }
  });

  it("follows every background job at one address, served by a function that holds the jobs' partition and is not the identity provider's administrator (README, Architecture)", () => {
    const follow = all.find((r) => r.path === '/api/staff/jobs/{id}')!;
    const spec = functionSpecs[follow.fn as DeployedFunction];

    expect(follow).toMatchObject({ method: 'GET', auth: 'staff', roles: ['admin'] });
    expect([...(spec.table?.read ?? []), ...(spec.table?.write ?? [])]).toContain('JOB#*');
    expect(spec.identity).toBeUndefined();
  });

  it('keeps the local sign-in out of the deployed routes', () => {
    expect((deployedRoutes as RouteSpec[]).map((r) => r.path)).not.toContain('/api/dev/token');
  });
});

describe('the OpenAPI document', () => {
  it('describes every route of its environment, with bearer security on staff routes', () => {
    const local = openApiDocument({ local: true });
    const deployed = openApiDocument({ local: false });

    expect(Object.keys(local.paths).length).toBe(new Set(all.map((r) => r.path)).size);
    expect(deployed.paths['/api/dev/token']).toBeUndefined();
    expect(local.paths['/api/staff/me']?.get).toMatchObject({ security: [{ staffToken: [] }] });
  });

  it('carries each request body example', () => {
    const op = openApiDocument({ local: true }).paths['/api/dev/token']?.post as {
      requestBody: { content: Record<string, { example: unknown }> };
    };

    expect(op.requestBody.content['application/json']!.example).toEqual({ username: 'lsh-handler' });
  });
});
