/**
 * What each Lambda function is and may touch: the CDK stack grants exactly this, and the bench checks
 * that no bundle contains an SDK client for a service the function is not bound to.
 */
import type { FunctionName } from '../functions/routes.ts';

export type Access = 'read' | 'readwrite';
/** Object access under one key prefix: `write` is put only (e.g. the destination of a copy). */
export type ObjectAccess = 'read' | 'write' | 'readwrite';
export type DeployedFunction = Exclude<FunctionName, 'dev'> | 'sweep';

export interface FunctionSpec {
  description: string;
  table?: Access;
  /** Bucket key prefixes the function may use, each with its access. */
  siteBucket?: Record<string, ObjectAccess>;
  privateBucket?: Record<string, ObjectAccess>;
  memorySize?: number;
}

export const functionSpecs: Record<DeployedFunction, FunctionSpec> = {
  public: {
    description: 'Citizens: apply, follow an application, read public data (no sign-in)',
    table: 'readwrite',
    // Presigned POSTs are signed with this function's role, so it needs put on the pending prefix;
    // linking an upload copies it (get on pending, put on applications).
    privateBucket: { 'health/': 'readwrite', 'uploads/pending/': 'readwrite', 'applications/': 'write' },
  },
  applications: {
    description: 'Staff: handle applications against the statutory clock',
    table: 'readwrite',
    privateBucket: { 'health/': 'readwrite' },
  },
  publications: {
    description: 'Staff: publish information (主动公开) and render the public site',
    table: 'readwrite',
    siteBucket: { 'health/': 'readwrite' },
  },
  reports: {
    description: 'Staff: compile, submit and publish annual reports (年度报告)',
    table: 'readwrite',
    siteBucket: { 'health/': 'readwrite' },
  },
  sweep: {
    description: 'Daily sweep: deadlines, reminders, render retries',
    table: 'readwrite',
  },
};

export const entryOf = (fn: DeployedFunction) => `functions/${fn}/handler.ts`;
