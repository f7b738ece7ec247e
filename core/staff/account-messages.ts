/**
 * The mails the directory (Cognito) sends staff about their account: the invitation with the temporary password and
 * the code for a forgotten password. German, naming the district of the profile, never a district written into the
 * code; the API stack sets them on the user pool at synth. Cognito fills `{username}` and `{####}` itself, and the
 * bodies are HTML (Cognito sends them as such), so the profile's text is escaped.
 */
import { escapeHtml } from '../html/escape-html.ts';
import type { DistrictProfile } from '../profile/schema.ts';

export interface AccountMessage {
  readonly subject: string;
  readonly body: string;
}

export interface AccountMessages {
  readonly invitation: AccountMessage;
  readonly verification: AccountMessage;
}

export function accountMessages(district: Pick<DistrictProfile['district'], 'name'>, appUrl: string): AccountMessages {
  return {
    invitation: {
      subject: `Ihr Zugang zu KIM Flow (${district.name})`,
      body:
        `Guten Tag,<br><br>für Sie wurde ein Zugang zu KIM Flow (Kommunales Integrationsmanagement, ${escapeHtml(district.name)}) eingerichtet.<br>` +
        `Benutzername: {username}<br>Vorläufiges Passwort: {####}<br><br>Bitte melden Sie sich unter ${escapeHtml(appUrl)} an, ` +
        'vergeben Sie ein eigenes Passwort und richten Sie die Anmeldung mit einer Authenticator-App ein.',
    },
    verification: {
      subject: 'KIM Flow: Ihr Bestätigungscode',
      body: `Ihr Bestätigungscode für KIM Flow (${escapeHtml(district.name)}) lautet {####}. Falls Sie ihn nicht angefordert haben, ignorieren Sie diese E-Mail.`,
    },
  };
}
