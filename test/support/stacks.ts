/**
 * The CDK tests' apps. Most of a synthesis's cost is bundling the functions' code, with esbuild once
 * per function: on a loaded machine a minute or more for the stack. So the code is bundled once per
 * run. The stack test's own stack (test/cdk/stack.test.ts) bundles it, which proves every function
 * builds with the stack's settings. Every other stack a test synthesises (the China profile, context
 * variants) skips bundling: those tests read the stacks' configuration, not the code.
 */
import { App } from 'aws-cdk-lib';
import { functionSpecs } from '../../cdk/functions.ts';

/** CDK's own switch: bundle the assets of these stacks only (none). */
export const noBundling = { 'aws:cdk:bundling-stacks': [] as string[] };

/** An app whose stacks are read for their configuration: the functions' code is not bundled. */
export const configurationApp = (context: Record<string, unknown> = {}) =>
  new App({ context: { ...noBundling, ...context } });

/**
 * The time a synthesis that bundles every function may take: esbuild needs a few seconds for a
 * function on an idle core (the largest, with PDF.js, about ten), so each function is allowed 30 s.
 */
export const bundlingBudgetMs = Object.keys(functionSpecs).length * 30_000;
