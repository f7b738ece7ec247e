/**
 * The Cognito adapter's requests, checked in the SDK's own client: a middleware at the first step records each
 * command and its input and answers in Cognito's place, so nothing leaves the process.
 */
import { describe, expect, it } from 'vitest';
import {
  CognitoIdentityProviderClient,
  UserNotFoundException,
  UsernameExistsException,
  type ServiceInputTypes,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityDirectory } from '../../core/adapters/cognito-identity-directory.ts';

const POOL = 'eu-central-1_AbC123xyz';
const SUB = '6f1c2a4e-0000-4000-8000-000000000001';

interface Call {
  readonly command: string;
  readonly input: ServiceInputTypes;
}

/** `answer` returns the output of a command, or throws the error Cognito would. */
function directoryAnswering(answer: (command: string) => Record<string, unknown>): { directory: CognitoIdentityDirectory; calls: Call[] } {
  const client = new CognitoIdentityProviderClient({ region: 'eu-central-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const calls: Call[] = [];
  client.middlewareStack.add(
    (_next, context) => (args) => {
      const command = context.commandName ?? '';
      calls.push({ command, input: args.input });
      return Promise.resolve({ output: { $metadata: {}, ...answer(command) }, response: {} });
    },
    { step: 'initialize', name: 'answerInCognitosPlace', priority: 'high' },
  );
  return { directory: new CognitoIdentityDirectory(client, POOL), calls };
}

const userAttributes = (providerId?: string) => [
  { Name: 'sub', Value: SUB },
  { Name: 'email', Value: 'ayse.yilmaz@traeger-a.example' },
  ...(providerId === undefined ? [] : [{ Name: 'custom:providerId', Value: providerId }]),
];

const ayse = { email: 'ayse.yilmaz@traeger-a.example', name: 'Ayşe Yılmaz', group: 'casemanager', providerId: 'traeger-a' } as const;

describe('CognitoIdentityDirectory', () => {
  it('creates the account with verified e-mail, name and provider, has Cognito mail the password, adds the group', async () => {
    const { directory, calls } = directoryAnswering((command) => (command === 'AdminCreateUserCommand' ? { User: { Attributes: userAttributes('traeger-a'), Enabled: true } } : {}));
    expect(await directory.createUser(ayse)).toEqual({ sub: SUB, created: true, enabled: true, providerId: 'traeger-a' });
    expect(calls).toEqual([
      {
        command: 'AdminCreateUserCommand',
        input: {
          UserPoolId: POOL,
          Username: 'ayse.yilmaz@traeger-a.example',
          UserAttributes: [
            { Name: 'email', Value: 'ayse.yilmaz@traeger-a.example' },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: 'Ayşe Yılmaz' },
            { Name: 'custom:providerId', Value: 'traeger-a' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        },
      },
      { command: 'AdminAddUserToGroupCommand', input: { UserPoolId: POOL, Username: 'ayse.yilmaz@traeger-a.example', GroupName: 'casemanager' } },
    ]);
  });

  it('sends no provider attribute for staff without a provider', async () => {
    const { directory, calls } = directoryAnswering(() => ({ User: { Attributes: userAttributes(), Enabled: true } }));
    expect(await directory.createUser({ email: 'sabine.kraemer@kreis-dueren.example', name: 'Sabine Krämer', group: 'coordinator' })).toEqual({
      sub: SUB,
      created: true,
      enabled: true,
    });
    const create = calls[0]?.input as { UserAttributes?: { Name?: string }[] };
    expect(create.UserAttributes?.map((a) => a.Name)).toEqual(['email', 'email_verified', 'name']);
  });

  it('reads an existing account instead of creating it, leaving its groups alone', async () => {
    const { directory, calls } = directoryAnswering((command) => {
      if (command === 'AdminCreateUserCommand') throw new UsernameExistsException({ message: 'An account with the given email already exists.', $metadata: {} });
      return { Username: SUB, UserAttributes: userAttributes('traeger-a'), Enabled: false };
    });
    expect(await directory.createUser(ayse)).toEqual({ sub: SUB, created: false, enabled: false, providerId: 'traeger-a' });
    expect(calls.map((c) => c.command)).toEqual(['AdminCreateUserCommand', 'AdminGetUserCommand']);
    expect(calls[1]?.input).toEqual({ UserPoolId: POOL, Username: 'ayse.yilmaz@traeger-a.example' });
  });

  it('adds to a group', async () => {
    const { directory, calls } = directoryAnswering(() => ({}));
    await directory.addToGroup('ayse.yilmaz@traeger-a.example', 'casemanager');
    expect(calls).toEqual([{ command: 'AdminAddUserToGroupCommand', input: { UserPoolId: POOL, Username: 'ayse.yilmaz@traeger-a.example', GroupName: 'casemanager' } }]);
  });

  it('disables an account and returns its sub', async () => {
    const { directory, calls } = directoryAnswering((command) => (command === 'AdminGetUserCommand' ? { Username: SUB, UserAttributes: userAttributes() } : {}));
    expect(await directory.disableUser('ayse.yilmaz@traeger-a.example')).toBe(SUB);
    expect(calls).toEqual([
      { command: 'AdminGetUserCommand', input: { UserPoolId: POOL, Username: 'ayse.yilmaz@traeger-a.example' } },
      { command: 'AdminDisableUserCommand', input: { UserPoolId: POOL, Username: 'ayse.yilmaz@traeger-a.example' } },
    ]);
  });

  it('disables nothing for an unknown address', async () => {
    const { directory, calls } = directoryAnswering(() => {
      throw new UserNotFoundException({ message: 'User does not exist.', $metadata: {} });
    });
    expect(await directory.disableUser('niemand@kreis-dueren.example')).toBeUndefined();
    expect(calls.map((c) => c.command)).toEqual(['AdminGetUserCommand']);
  });
});
