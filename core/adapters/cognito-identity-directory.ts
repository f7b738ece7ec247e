/**
 * The sign-in directory in AWS: the api stack's Cognito user pool. The e-mail address is the user name there
 * (`signInAliases: { email: true }`), so every call names the person by address; Cognito answers with the sub.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  UserNotFoundException,
  UsernameExistsException,
  type AttributeType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { StaffRole } from '../identity/roles.ts';
import type { Identity, IdentityDirectory, NewIdentity } from '../staff/ports.ts';

/** Read by the API from the ID token (core/identity/caller.ts); the api stack declares it. */
const PROVIDER_ATTRIBUTE = 'custom:providerId';

const attribute = (attributes: readonly AttributeType[] | undefined, name: string): string | undefined =>
  attributes?.find((a) => a.Name === name)?.Value;

function subOf(attributes: readonly AttributeType[] | undefined): string {
  const sub = attribute(attributes, 'sub');
  if (sub === undefined) throw new Error('Cognito answered without the user’s sub');
  return sub;
}

export class CognitoIdentityDirectory implements IdentityDirectory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async createUser(user: NewIdentity): Promise<Identity> {
    let created;
    try {
      created = await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: user.email,
          UserAttributes: [
            { Name: 'email', Value: user.email },
            // The administration vouches for the address, and account recovery (e-mail only) needs it verified.
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: user.name },
            ...(user.providerId === undefined ? [] : [{ Name: PROVIDER_ATTRIBUTE, Value: user.providerId }]),
          ],
          // Cognito mails the invitation with the temporary password (the pool's userInvitation text).
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
    } catch (error) {
      if (error instanceof UsernameExistsException) return this.existing(user.email);
      throw error;
    }
    await this.addToGroup(user.email, user.group);
    return {
      sub: subOf(created.User?.Attributes),
      created: true,
      enabled: created.User?.Enabled !== false,
      ...(user.providerId === undefined ? {} : { providerId: user.providerId }),
    };
  }

  private async existing(email: string): Promise<Identity> {
    const user = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: email }));
    const providerId = attribute(user.UserAttributes, PROVIDER_ATTRIBUTE);
    return { sub: subOf(user.UserAttributes), created: false, enabled: user.Enabled !== false, ...(providerId === undefined ? {} : { providerId }) };
  }

  async addToGroup(email: string, group: StaffRole): Promise<void> {
    await this.client.send(new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: email, GroupName: group }));
  }

  async disableUser(email: string): Promise<string | undefined> {
    let sub: string;
    try {
      sub = subOf((await this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: email }))).UserAttributes);
    } catch (error) {
      if (error instanceof UserNotFoundException) return undefined;
      throw error;
    }
    await this.client.send(new AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: email }));
    return sub;
  }
}
