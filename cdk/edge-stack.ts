import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { SiteFirewall } from './constructs/site-firewall.ts';

/**
 * What must live in us-east-1 for CloudFront: the site's WAF web ACL. Deployed on its own
 * (`-c edgeWaf=true`), its `WebAclArn` output is given to the main stack as `-c webAclArn=…`.
 */
export class GongkaiEdgeStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const firewall = new SiteFirewall(this, 'SiteFirewall');
    new CfnOutput(this, 'WebAclArn', { value: firewall.webAcl.attrArn });
  }
}
