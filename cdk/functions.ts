/**
 * What each Lambda function is and may touch: the CDK stack grants exactly this, and the bench checks
 * that no bundle contains an SDK client for a service the function is not bound to.
 */
import type { FunctionName } from '../functions/routes.ts';

export type Access = 'read' | 'readwrite';
export type DeployedFunction = Exclude<FunctionName, 'dev'> | 'sweep';

export interface FunctionSpec {
  description: string;
  table?: Access;
  /** Buckets with the access and the key prefixes the function may use. */
  siteBucket?: { access: Access; prefixes: string[] };
  privateBucket?: { access: Access; prefixes: string[] };
  memorySize?: number;
}

export const functionSpecs: Record<DeployedFunction, FunctionSpec> = {
  public: {
    description: 'Citizens: apply, follow an application, read public data (no sign-in)',
    table: 'readwrite',
    privateBucket: { access: 'readwrite', prefixes: ['health/'] },
  },
  applications: {
    description: 'Staff: handle applications against the statutory clock',
    table: 'readwrite',
    privateBucket: { access: 'readwrite', prefixes: ['health/'] },
  },
  publications: {
    description: 'Staff: publish information (主动公开) and render the public site',
    table: 'readwrite',
    siteBucket: { access: 'readwrite', prefixes: ['health/'] },
  },
  reports: {
    description: 'Staff: compile, submit and publish annual reports (年度报告)',
    table: 'readwrite',
    siteBucket: { access: 'readwrite', prefixes: ['health/'] },
  },
  sweep: {
    description: 'Daily sweep: deadlines, reminders, render retries',
    table: 'readwrite',
  },
};

export const entryOf = (fn: DeployedFunction) => `functions/${fn}/handler.ts`;
