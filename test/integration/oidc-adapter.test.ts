/**
 * The OpenID provider's storage in the table (DynamoDB Local): what `oidc-provider` stores it finds
 * again, by id and by session uid; what has expired it does not; consuming marks a code once;
 * revoking a grant deletes its tokens and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let Adapter: typeof import('#store/oidc-adapter.ts').DynamoOidcAdapter;
beforeAll(async () => {
  platform = await startTestPlatform();
  ({ DynamoOidcAdapter: Adapter } = await import('#store/oidc-adapter.ts'));
});
afterAll(() => platform?.stop());

describe('the OpenID provider adapter', () => {
  it('finds a stored session by id and by uid, and not once destroyed', async () => {
    const sessions = new Adapter('Session');
    await sessions.upsert('s1', { uid: 'u1', accountId: 'lsh-handler' }, 3600);
    expect(await sessions.find('s1')).toEqual({ uid: 'u1', accountId: 'lsh-handler' });
    expect(await sessions.findByUid('u1')).toEqual({ uid: 'u1', accountId: 'lsh-handler' });
    expect(await new Adapter('Interaction').findByUid('u1')).toBeUndefined();
    await sessions.destroy('s1');
    expect(await sessions.find('s1')).toBeUndefined();
    expect(await sessions.findByUid('u1')).toBeUndefined();
  });

  it('does not find what has expired, though the table has not removed it yet', async () => {
    const codes = new Adapter('AuthorizationCode');
    await codes.upsert('c-old', { grantId: 'g0' }, -1);
    expect(await codes.find('c-old')).toBeUndefined();
  });

  it('marks a code consumed', async () => {
    const codes = new Adapter('AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g1', accountId: 'lsh-handler' }, 600);
    await codes.consume('c1');
    expect((await codes.find('c1'))?.consumed).toEqual(expect.any(Number));
  });

  it("revokes a grant's tokens and leaves another grant's", async () => {
    const codes = new Adapter('AuthorizationCode');
    const access = new Adapter('AccessToken');
    await Promise.all([
      codes.upsert('c2', { grantId: 'g2' }, 600),
      access.upsert('a2', { grantId: 'g2' }, 600),
      access.upsert('a3', { grantId: 'g3' }, 600),
    ]);
    await access.revokeByGrantId('g2');
    expect(await codes.find('c2')).toBeUndefined();
    expect(await access.find('a2')).toBeUndefined();
    expect(await access.find('a3')).toEqual({ grantId: 'g3' });
  });
});
