/**
 * The pure parts of administration: which agency structures are refused, who may manage whom, the
 * passwords of the platform's own sign-in, the Cognito provider's calls (against a recording client,
 * since no Cognito runs here) and the log's list of changes.
 */
import { describe, expect, it } from 'vitest';
import { accountChangeRefusal, administrationAccess, type AgencyPlace } from '#core/access.ts';
import { type Agency, agencyProblems } from '#core/agency.ts';
import { changesOf } from '#admin/audit.ts';
import { cognitoDirectory } from '#admin/directory-cognito.ts';
import { decoyPasswordHash, hashPassword, passwordProblem, temporaryPassword, verifyPassword } from '#lib/passwords.ts';

const agency = (id: string, kind: Agency['kind'], parentId: string | null, code: string): Agency => ({
  id,
  name: id,
  kind,
  parentId,
  code,
  order: 1,
  acceptsApplications: true,
});
const portal = [
  agency('fusong', 'county', null, 'FS'),
  agency('fusong-czj', 'department', 'fusong', 'FSCZ'),
  agency('lushuihe', 'town', 'fusong', 'LSH'),
];
const fields = (a: Agency, others = portal) => agencyProblems(a, others).map((p) => p.field);

describe('agency problems', () => {
  it('accepts a town under the county with a fresh code', () => {
    expect(agencyProblems(agency('xianrenqiao', 'town', 'fusong', 'XRQ'), portal)).toEqual([]);
  });
  it.each([
    ['a malformed code', agency('x', 'town', 'fusong', 'xr'), ['code']],
    ['a code in use', agency('x', 'town', 'fusong', 'LSH'), ['code']],
    ['a town under a department', agency('x', 'town', 'fusong-czj', 'XQ'), ['parentId']],
    ['a missing parent', agency('x', 'town', 'nowhere', 'XQ'), ['parentId']],
    ['no parent', agency('x', 'department', null, 'XQ'), ['parentId']],
    ['a second county', agency('x', 'county', null, 'XQ'), ['kind']],
    ['a county under a county', agency('x', 'county', 'fusong', 'XQ'), ['parentId']],
    ['a city under a county', agency('x', 'city', 'fusong', 'XQ'), ['parentId']],
  ])('refuses %s', (_, a, expected) => {
    expect(fields(a)).toEqual(expected);
  });

  const province = [
    agency('jl', 'province', null, 'JL'),
    agency('jl-fgw', 'department', 'jl', 'JLFG'),
    agency('bs', 'city', 'jl', 'BS'),
    agency('fusong', 'county', 'bs', 'FS'),
    agency('lushuihe', 'town', 'fusong', 'LSH'),
  ];
  it.each([
    ['a city under the province', agency('tonghua', 'city', 'jl', 'TH')],
    ['a county under a city', agency('jingyu', 'county', 'bs', 'JY')],
    ['a county directly under the province', agency('meihekou', 'county', 'jl', 'MHK')],
    ["a city's department", agency('bs-czj', 'department', 'bs', 'BSCZ')],
    ["the province's department", agency('jl-czt', 'department', 'jl', 'JLCZ')],
  ])("accepts %s in a province's portal", (_, a) => {
    expect(agencyProblems(a, province)).toEqual([]);
  });
  it.each([
    ['a town under a city', agency('x', 'town', 'bs', 'XQ'), ['parentId']],
    ['a second top government', agency('x', 'county', null, 'XQ'), ['kind']],
    ['a city turned department while it has a county', agency('bs', 'department', 'jl', 'BS'), ['kind']],
  ])("refuses %s in a province's portal", (_, a, expected) => {
    expect(
      agencyProblems(
        a,
        province.filter((p) => p.id !== a.id),
      ).map((p) => p.field),
    ).toEqual(expected);
  });
  it('refuses a parent cycle and a county turned town while it has subordinates', () => {
    const others = portal.filter((a) => a.id !== 'fusong');
    expect(fields(agency('fusong', 'town', 'lushuihe', 'FS'), others)).toEqual(['kind', 'parentId']);
    const withoutTown = portal.filter((a) => a.id !== 'lushuihe');
    expect(agencyProblems(agency('lushuihe', 'town', 'lushuihe', 'LSH'), withoutTown)).toEqual([
      { field: 'parentId', message: expect.stringContaining('循环') },
    ]);
  });
});

describe('who manages whom', () => {
  const county: AgencyPlace = { id: 'fusong', kind: 'county', parentId: null };
  const town: AgencyPlace = { id: 'lushuihe', kind: 'town', parentId: 'fusong' };
  it.each([
    ['a county administrator, own agency', ['admin'], 'own', county, true, true, 3],
    ['a county administrator, a town', ['admin'], 'overseer', county, true, true, 3],
    ['a county administrator, elsewhere', ['admin'], 'none', county, true, false, 3],
    ['a town administrator, own town', ['admin'], 'own', town, false, true, 2],
    ['a town administrator, another agency', ['admin'], 'none', town, false, false, 2],
    ['a county handler', ['handler'], 'own', county, false, false, 2],
  ] as const)('%s', (_, roles, where, home, agencies, accounts, grantable) => {
    const access = administrationAccess({ roles: [...roles] }, where, home);
    expect(access).toMatchObject({ agencies, accounts, log: agencies });
    expect(access.grantable).toHaveLength(grantable);
  });

  const townAdmin = { username: 'lsh-admin', roles: ['admin' as const] };
  const local = ['handler', 'reviewer'] as const;
  it('lets a town administrator manage handlers and reviewers only', () => {
    expect(accountChangeRefusal(townAdmin, local, undefined, { roles: ['handler'] })).toBeUndefined();
    expect(accountChangeRefusal(townAdmin, local, undefined, { roles: ['admin'] })).toBe('role');
    expect(
      accountChangeRefusal(townAdmin, local, { username: 'lsh-x', roles: ['admin'] }, { roles: ['handler'] }),
    ).toBe('admin-account');
    expect(
      accountChangeRefusal(townAdmin, local, { username: 'lsh-h', roles: ['handler'] }, { roles: ['reviewer'] }),
    ).toBeUndefined();
  });
  it('never lets an administrator disable or demote themselves', () => {
    const all = ['handler', 'reviewer', 'admin'] as const;
    const me = { username: 'fs-admin', roles: ['admin' as const] };
    expect(accountChangeRefusal(me, all, me, { roles: ['admin'], disabled: true })).toBe('self');
    expect(accountChangeRefusal(me, all, me, { roles: ['handler'] })).toBe('self');
    expect(accountChangeRefusal(me, all, me, { roles: ['admin', 'reviewer'] })).toBeUndefined();
  });
});

describe('passwords', () => {
  // Hashing at the production cost takes some 100 ms of a core (seconds on a loaded machine): only
  // the test of that cost pays it; the others hash at 2^10 (1 MiB), the cost travelling with each hash.
  const testCost = { N: 2 ** 10, r: 8, p: 1 };

  it('hashes at the OWASP minimum for scrypt, the parameters written into the hash', async () => {
    expect(await hashPassword('Lushuihe-2026!')).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  });
  it('verifies the password hashed, and nothing else', async () => {
    const hash = await hashPassword('Lushuihe-2026!', testCost);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('Lushuihe-2026!', hash)).toBe(true);
    expect(await verifyPassword('lushuihe-2026!', hash)).toBe(false);
    expect(await verifyPassword('Lushuihe-2026!', 'plain')).toBe(false);
    expect(await hashPassword('Lushuihe-2026!', testCost)).not.toBe(hash);
  });
  it("checks an unknown account against a decoy of a real hash's cost and shape that no password matches", async () => {
    const real = await hashPassword('Lushuihe-2026!');
    const decoy = decoyPasswordHash();
    const shape = (hash: string) => hash.split('$').map((part, i) => (i < 4 ? part : part.length));
    expect(shape(decoy)).toEqual(shape(real));
    expect(await verifyPassword('Lushuihe-2026!', decoyPasswordHash(testCost))).toBe(false);
    expect(await verifyPassword('', decoyPasswordHash(testCost))).toBe(false);
  });
  it('makes readable temporary passwords that meet the policy', () => {
    const passwords = Array.from({ length: 50 }, temporaryPassword);
    expect(new Set(passwords).size).toBe(50);
    for (const p of passwords) {
      expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{4}(-[A-HJ-NP-Za-km-z2-9]{4}){3}$/);
      expect(passwordProblem(p)).toBeUndefined();
    }
  });
  it.each([
    ['short1A!', '至少 12 位'],
    ['alllowercaseletters', '至少三种'],
    ['x'.repeat(129), '不能超过'],
  ])('refuses %s', (password, message) => {
    expect(passwordProblem(password)).toContain(message);
  });
});

describe('the Cognito provider', () => {
  const recording = (failures: Record<string, string> = {}, groups: string[] = []) => {
    const calls: { command: string; input: Record<string, unknown> }[] = [];
    return {
      calls,
      client: {
        async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
          const name = command.constructor.name;
          calls.push({ command: name, input: command.input });
          if (failures[name]) throw Object.assign(new Error(failures[name]), { name: failures[name] });
          return name === 'AdminListGroupsForUserCommand' ? { Groups: groups.map((GroupName) => ({ GroupName })) } : {};
        },
      },
    };
  };
  const account = {
    username: 'xrq-handler',
    name: '马丽',
    email: 'mali@example.gov.cn',
    agencyId: 'xianrenqiao',
    roles: ['handler' as const],
  };

  it('invites by e-mail with the agency attribute and puts the user in the role groups', async () => {
    const { calls, client } = recording();
    const invitation = await cognitoDirectory('pool-1', client as never).create(account);
    expect(invitation).toMatchObject({ provider: 'cognito' });
    expect(invitation.temporaryPassword).toBeUndefined();
    expect(calls.map((c) => c.command)).toEqual([
      'AdminCreateUserCommand',
      'AdminListGroupsForUserCommand',
      'AdminAddUserToGroupCommand',
    ]);
    expect(calls[0]!.input).toMatchObject({
      UserPoolId: 'pool-1',
      Username: 'xrq-handler',
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(calls[0]!.input.UserAttributes).toContainEqual({ Name: 'custom:agency', Value: 'xianrenqiao' });
    expect(calls[2]!.input).toMatchObject({ GroupName: 'handler' });
  });
  it('takes over a user left by a failed attempt, and brings groups in line on a change of roles', async () => {
    const { calls, client } = recording({ AdminCreateUserCommand: 'UsernameExistsException' }, ['admin']);
    await cognitoDirectory('pool-1', client as never).create(account);
    expect(calls.map((c) => c.command)).toEqual([
      'AdminCreateUserCommand',
      'AdminUpdateUserAttributesCommand',
      'AdminListGroupsForUserCommand',
      'AdminAddUserToGroupCommand',
      'AdminRemoveUserFromGroupCommand',
    ]);
  });
  it('disables with a global sign-out, and resends the invitation to a user who never signed in', async () => {
    const { calls, client } = recording({ AdminResetUserPasswordCommand: 'NotAuthorizedException' });
    const directory = cognitoDirectory('pool-1', client as never);
    await directory.setDisabled('xrq-handler', true);
    await directory.resetPassword(account);
    expect(calls.map((c) => c.command)).toEqual([
      'AdminDisableUserCommand',
      'AdminUserGlobalSignOutCommand',
      'AdminResetUserPasswordCommand',
      'AdminCreateUserCommand',
    ]);
    expect(calls[3]!.input).toMatchObject({ MessageAction: 'RESEND' });
  });
});

describe('the changes a log entry shows', () => {
  it('names each changed value, nested ones by their path, and leaves bookkeeping out', () => {
    expect(
      changesOf({
        before: { name: '甲', contact: { phone: '1', fax: '2' }, version: 1, roles: ['handler'] },
        after: { name: '甲', contact: { phone: '3', fax: '2' }, version: 2, roles: ['handler', 'reviewer'] },
      }),
    ).toEqual([
      { field: 'contact.phone', before: '1', after: '3' },
      { field: 'roles', before: ['handler'], after: ['handler', 'reviewer'] },
    ]);
  });
  it('shows a creation as every field from nothing', () => {
    expect(changesOf({ before: null, after: { name: '乙', code: 'XRQ' } })).toEqual([
      { field: 'name', before: null, after: '乙' },
      { field: 'code', before: null, after: 'XRQ' },
    ]);
  });
});
