import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { env, requireEnv } from './config.ts';

// The endpoint comes from AWS_ENDPOINT_URL_DYNAMODB when set (the local stack); nothing else differs.
export const db = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 2 }), {
  marshallOptions: { removeUndefinedValues: true },
});
export const tableName = requireEnv(env.table);
