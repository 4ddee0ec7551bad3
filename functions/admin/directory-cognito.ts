/**
 * The Cognito provider: AdminCreateUser with Cognito's e-mailed invitation and temporary password,
 * the role groups and `custom:agency` kept in line with the profile, AdminDisableUser with a global
 * sign-out. MFA and threat protection are the pool's (the StaffIdentity construct).
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminResetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { roles } from '#core/staff.ts';
import type { Account, Invitation, StaffDirectory } from './directory.ts';

type Send = Pick<CognitoIdentityProviderClient, 'send'>;

const attributes = (account: Account) => [
  { Name: 'name', Value: account.name },
  { Name: 'custom:agency', Value: account.agencyId },
  ...(account.email
    ? [
        { Name: 'email', Value: account.email },
        { Name: 'email_verified', Value: 'true' },
      ]
    : []),
];

const invited: Invitation = {
  provider: 'cognito',
  message: '系统已向该工作人员的电子邮箱发送登录邀请和临时密码；首次登录时须修改密码并绑定动态口令。',
};

const named = (error: unknown, name: string) => (error as Error).name === name;

export function cognitoDirectory(
  userPoolId: string,
  client: Send = new CognitoIdentityProviderClient({}),
): StaffDirectory {
  const pool = { UserPoolId: userPoolId };
  const setAttributes = (account: Account) =>
    client.send(
      new AdminUpdateUserAttributesCommand({
        ...pool,
        Username: account.username,
        UserAttributes: attributes(account),
      }),
    );
  async function syncGroups(account: Account) {
    const { Groups = [] } = await client.send(
      new AdminListGroupsForUserCommand({ ...pool, Username: account.username }),
    );
    const current = new Set(Groups.map((g) => g.GroupName));
    for (const role of roles) {
      const wanted = account.roles.includes(role);
      if (wanted && !current.has(role))
        await client.send(new AdminAddUserToGroupCommand({ ...pool, Username: account.username, GroupName: role }));
      if (!wanted && current.has(role))
        await client.send(
          new AdminRemoveUserFromGroupCommand({ ...pool, Username: account.username, GroupName: role }),
        );
    }
  }
  return {
    provider: 'cognito',
    async create(account) {
      try {
        await client.send(
          new AdminCreateUserCommand({
            ...pool,
            Username: account.username,
            UserAttributes: attributes(account),
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        );
      } catch (error) {
        // Left by an attempt that failed after Cognito had the user: bring it in line instead.
        if (!named(error, 'UsernameExistsException')) throw error;
        await setAttributes(account);
      }
      await syncGroups(account);
      return invited;
    },
    async update(account) {
      await setAttributes(account);
      await syncGroups(account);
    },
    async setDisabled(username, disabled) {
      if (disabled) {
        await client.send(new AdminDisableUserCommand({ ...pool, Username: username }));
        await client.send(new AdminUserGlobalSignOutCommand({ ...pool, Username: username }));
      } else {
        await client.send(new AdminEnableUserCommand({ ...pool, Username: username }));
      }
    },
    async resetPassword(account) {
      try {
        await client.send(new AdminResetUserPasswordCommand({ ...pool, Username: account.username }));
      } catch (error) {
        // Never signed in (the invitation's password unused): Cognito resends the invitation instead.
        if (!named(error, 'NotAuthorizedException')) throw error;
        await client.send(
          new AdminCreateUserCommand({
            ...pool,
            Username: account.username,
            MessageAction: 'RESEND',
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        );
      }
      return {
        provider: 'cognito',
        message: '系统已向该工作人员的电子邮箱发送重置密码的验证码；其下次登录时须设置新密码。',
      };
    },
  };
}
