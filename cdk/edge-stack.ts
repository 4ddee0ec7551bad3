import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { SiteFirewall } from './constructs/site-firewall.ts';
import { suppressCrossRegionFindings } from './nag.ts';

/**
 * What must live in us-east-1 for CloudFront: the site's WAF web ACL. The global deployment makes it
 * by default (cdk/deployment.ts) and the main stack reads `webAclArn` across regions.
 */
export class GongkaiEdgeStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const firewall = new SiteFirewall(this, 'SiteFirewall');
    this.webAclArn = firewall.webAcl.attrArn;
    new CfnOutput(this, 'WebAclArn', { value: this.webAclArn });
    suppressCrossRegionFindings(this);
  }
}
