import { describe, expect, it } from 'vitest';
import { leadingKeys, refusal } from '../../cdk/local/table-access.ts';

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
