import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { invocation, withLogFields } from '#lib/log.ts';
import type { OutboxMail } from '#store/outbox.ts';
import { deliver } from '#store/delivery.ts';

interface StreamRecord {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, AttributeValue> };
}

/**
 * Delivers the e-mail a step wrote to the outbox (transactional outbox): the table's stream, filtered
 * to new OUTBOX items, invokes it. A failed delivery is recorded on the item, and the sweep retries it.
 */
export const handler = (event: { Records: StreamRecord[] }, context?: Pick<Context, 'awsRequestId'>) =>
  invocation('mailer', { lambdaRequestId: context?.awsRequestId }, async () => {
    for (const record of event.Records) {
      if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) continue;
      const mail = unmarshall(record.dynamodb.NewImage) as OutboxMail;
      // Its lines carry the request that wrote the message.
      if (mail.delivery === 'pending') await withLogFields({ requestId: mail.requestId }, () => deliver(mail));
    }
  });
