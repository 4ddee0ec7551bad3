import { describe, expect, it } from 'vitest';
import { leadingKeys, refusal } from '../../cdk/local/table-access.ts';
import { ConfinedWriteError, confinementProblem, confineWrites } from '#lib/table-keys.ts';
import { citizenAgencyWrites } from '#store/design.ts';

describe('the local stand-in for dynamodb:LeadingKeys', () => {
  it('finds the partition key of each kind of call, marshalled or not', () => {
    expect(leadingKeys('GetItemCommand', { Key: { pk: { S: 'APP#LSH-2026-00001' }, sk: { S: 'APP' } } })).toEqual([
      ['read', 'APP#LSH-2026-00001'],
    ]);
    expect(leadingKeys('PutCommand', { Item: { pk: 'RATE#x#y', sk: '1' } })).toEqual([['write', 'RATE#x#y']]);
    expect(
      leadingKeys('QueryCommand', {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :due',
        ExpressionAttributeValues: { ':pk': { S: 'AGENCY#lushuihe#QUEUE' }, ':due': { S: '2026' } },
      }),
    ).toEqual([['read', 'AGENCY#lushuihe#QUEUE']]);
    expect(
      leadingKeys('QueryCommand', {
        KeyConditionExpression: '#pk = :p',
        ExpressionAttributeNames: { '#pk': 'pk' },
        ExpressionAttributeValues: { ':p': { S: 'LIST#county' } },
      }),
    ).toEqual([['read', 'LIST#county']]);
    expect(
      leadingKeys('TransactWriteItemsCommand', {
        TransactItems: [
          { Put: { Item: { pk: { S: 'APP#1' } } } },
          { ConditionCheck: { Key: { pk: { S: 'AGENCY#a' } } } },
          { Update: { Key: { pk: { S: 'OPEN' } } } },
        ],
      }),
    ).toEqual([
      ['write', 'APP#1'],
      ['read', 'AGENCY#a'],
      ['write', 'OPEN'],
    ]);
  });

  it("refuses a call outside the function's grant, and a scan, which names no key", () => {
    expect(refusal('public', 'GetItemCommand', { Key: { pk: { S: 'STAFF#fs-admin' } } })).toMatch(
      /public may not read/,
    );
    expect(refusal('public', 'PutItemCommand', { Item: { pk: { S: 'CALENDAR' } } })).toMatch(/may not write/);
    expect(refusal('public', 'ScanCommand', {})).toMatch(/no partition key/);
    expect(refusal('public', 'GetItemCommand', { Key: { pk: { S: 'APP#LSH-2026-00001' } } })).toBeUndefined();
    expect(refusal('signin', 'GetItemCommand', { Key: { pk: { S: 'APP#LSH-2026-00001' } } })).toMatch(/may not/);
  });
});

describe("the citizens' function's own hold on its writes (what IAM cannot narrow)", () => {
  const put = (pk: string, sk?: string) => ({ Item: { pk, ...(sk !== undefined && { sk }) } });

  it('lets it write an agency partition only at the receipt sequence, the counters and the outbox', () => {
    expect(
      confinementProblem('PutCommand', put('AGENCY#lushuihe', 'SEQ#APP#2026'), citizenAgencyWrites),
    ).toBeUndefined();
    expect(
      confinementProblem('PutCommand', put('AGENCY#fusong', 'OUTBOX#t#LSH-2026-00001#1'), citizenAgencyWrites),
    ).toBeUndefined();
    expect(confinementProblem('PutCommand', put('APP#LSH-2026-00001', 'APP'), citizenAgencyWrites)).toBeUndefined();
    expect(confinementProblem('PutCommand', put('AGENCY#fusong', 'PROFILE'), citizenAgencyWrites)).toMatch(
      /may not write AGENCY#fusong PROFILE/,
    );
    expect(
      confinementProblem(
        'TransactWriteItemsCommand',
        { TransactItems: [{ Update: { Key: { pk: { S: 'AGENCY#a' }, sk: { S: 'REPORT#2025' } } } }] },
        citizenAgencyWrites,
      ),
    ).toMatch(/REPORT#2025/);
    expect(
      confinementProblem('GetCommand', { Key: { pk: 'AGENCY#a', sk: 'PROFILE' } }, citizenAgencyWrites),
    ).toBeUndefined();
  });

  it('refuses such a write before it is sent, in the deployed function', async () => {
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const { DynamoDBDocumentClient, PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ region: 'cn-north-1', endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }),
    );
    confineWrites(client, citizenAgencyWrites);

    await expect(
      client.send(new PutCommand({ TableName: 't', Item: { pk: 'AGENCY#fusong', sk: 'PROFILE', name: 'x' } })),
    ).rejects.toBeInstanceOf(ConfinedWriteError);
    // A write it may make goes on to the table (here, nowhere: the connection is refused).
    await expect(
      client.send(new PutCommand({ TableName: 't', Item: { pk: 'AGENCY#fusong', sk: 'STATS#2026' } })),
    ).rejects.not.toBeInstanceOf(ConfinedWriteError);
  });
});
