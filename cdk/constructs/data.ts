import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { tableDesign } from '../../functions/store/design.ts';
import { pendingPrefix, uploadCorsRule } from '../../functions/store/uploads.ts';
import { pin } from './pin.ts';

/** What the platform keeps: the one table, the public site's bucket, the private uploads' bucket, and the access logs. */
export class Data extends Construct {
  readonly table: TableV2;
  readonly siteBucket: Bucket;
  readonly privateBucket: Bucket;
  readonly privateKey: Key;
  readonly logBucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: tableDesign.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDesign.sortKey, type: AttributeType.STRING },
      globalSecondaryIndexes: tableDesign.indexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
      timeToLiveAttribute: tableDesign.timeToLiveAttribute,
      // New outbox items, render tasks and job turns reach their workers through the stream.
      dynamoStream: StreamViewType.NEW_IMAGE,
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryptionV2.awsManagedKey(),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pin(this.table, 'TableCD117FA1');

    this.logBucket = new Bucket(this, 'LogBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.OBJECT_WRITER, // CloudFront standard logging writes with ACLs
      lifecycleRules: [{ expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pin(this.logBucket, 'LogBucketCC3B17E8');
    NagSuppressions.addResourceSuppressions(this.logBucket, [
      { id: 'AwsSolutions-S1', reason: 'This is the access-log bucket; logging it into itself would loop.' },
    ]);

    this.siteBucket = new Bucket(this, 'SiteBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pin(this.siteBucket, 'SiteBucket397A1860');

    this.privateKey = new Key(this, 'PrivateBucketKey', {
      enableKeyRotation: true,
      description: 'gongkai private uploads',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pin(this.privateKey, 'PrivateBucketKeyBE236387');
    this.privateBucket = new Bucket(this, 'PrivateBucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.privateKey,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'private-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
      // Browsers post files here with presigned policies; uploads never linked to an application expire.
      cors: [
        {
          allowedOrigins: uploadCorsRule.AllowedOrigins,
          allowedMethods: [HttpMethods.POST],
          allowedHeaders: uploadCorsRule.AllowedHeaders,
          maxAge: uploadCorsRule.MaxAgeSeconds,
        },
      ],
      lifecycleRules: [
        { prefix: pendingPrefix, expiration: Duration.days(2), noncurrentVersionExpiration: Duration.days(1) },
        // Each deep health check writes an object of its own (store/health.ts).
        { prefix: 'health/', expiration: Duration.days(1), noncurrentVersionExpiration: Duration.days(1) },
      ],
    });
    pin(this.privateBucket, 'PrivateBucket35D9C6C6');
  }
}
