import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Keeps a stateful resource's logical id what it was when the stack was one construct: moving it
 * into a construct of its own must not make CloudFormation replace a table, bucket, pool or API.
 */
export function pin(construct: IConstruct, logicalId: string) {
  (construct.node.defaultChild as CfnElement).overrideLogicalId(logicalId);
}
