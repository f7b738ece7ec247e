/**
 * Deploy configuration: the stage and, per stage, the mail sender, the address of the web application, the alarm
 * mailbox, the certificate and the district profile. The settings of a stage live in the checked-in file
 * `deploy/<stage>.json` (reviewed like code; `cdk context --clear` cannot wipe them, as it would cdk.context.json);
 * `cdk synth -c stage=prod` picks the stage, and `-c key=value` overrides one setting for that run. Parsed once:
 * a wrong value stops synth with one German sentence naming the setting and where it came from.
 */
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IConstruct } from 'constructs';
import * as z from 'zod';
import { DEFAULT_PROFILE_PATH, loadProfileFile, parseProfile, ProfileError, readJsonFile } from '../core/profile/load-profile.ts';
import type { DistrictProfile } from '../core/profile/schema.ts';

export const STAGES = ['dev', 'staging', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

/** Data stays in Germany. */
export const REGION = 'eu-central-1';

export const DEFAULT_STAGE: Stage = 'dev';

/** CDK context key under which buildKimFlow hands the deployed profile (JSON text) to the bundling of functions and pages. */
export const DISTRICT_PROFILE_CONTEXT = 'kim-flow:district-profile';

/** The deployed profile's JSON text, if synth was given one (set by buildKimFlow). */
export function districtProfileJson(scope: IConstruct): string | undefined {
  const profileJson: unknown = scope.node.tryGetContext(DISTRICT_PROFILE_CONTEXT);
  return typeof profileJson === 'string' ? profileJson : undefined;
}

/** A configuration mistake the person running synth can fix; its message is the whole story (no stack trace needed). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The settings of a stage as synth read them (parseDeployConfig). */
export interface DeploySettings {
  readonly stage: Stage;
  /** Sender of every mail (MAIL_FROM of the functions): `Name <address>` or a bare address, verified in SES. */
  readonly mailFrom: string;
  /**
   * The custom domain's address (https, no path), only with webCertificateArn. Without a certificate the pages are
   * reached at the distribution's own `https://….cloudfront.net`, known only once CloudFormation made it: buildKimFlow
   * uses that address (a reference into the site stack) instead, so one deploy gives a working sign-in; an appUrl set
   * anyway (as the former second deploy asked for) is left out.
   */
  readonly appUrl?: string;
  /**
   * ACM certificate (in us-east-1, as CloudFront requires) for the host of `appUrl`. With it, the site stack serves the
   * pages under that host with TLS 1.2 or newer; without it, under CloudFront's own `*.cloudfront.net` address.
   */
  readonly webCertificateArn?: string;
  /** Who gets the alarms (monitoring stack): an operations mailbox of the Kreis, confirmed once via SNS's mail. */
  readonly alarmEmail: string;
  /**
   * The district profile deployed, as validated JSON text; undefined: the profile in the code
   * (core/profile/kreis-dueren.json). Bundled into every function and the pages at synth.
   */
  readonly profileJson?: string;
}

/** The deploy config the stacks are built with: the settings, and where people open KIM Flow. */
export interface DeployConfig extends DeploySettings {
  /**
   * Where people open KIM Flow (APP_URL): links in mails, the sign-in's OAuth callback. The custom domain's appUrl, or
   * `https://<distribution domain>` as a CloudFormation reference into the site stack (a token, not a literal).
   */
  readonly appUrl: string;
}

/** The profile synth deploys (the stage's `profile`, else the one in the code), for what is set at synth (Cognito's mails). */
export function deployedProfile(config: Pick<DeployConfig, 'profileJson'>): DistrictProfile {
  return config.profileJson === undefined ? loadProfileFile(DEFAULT_PROFILE_PATH) : parseProfile(JSON.parse(config.profileJson), 'profile');
}

/** Relative paths in the settings (`profile`) start here. */
const PROJECT_DIR = fileURLToPath(new URL('../', import.meta.url));

/** The folder of the stage files, `deploy/<stage>.json`. */
export const DEPLOY_SETTINGS_DIR = join(PROJECT_DIR, 'deploy');

const stageSchema = z.enum(STAGES);

/** `Name <address>` or `address`; no line breaks (it becomes a mail header). */
const mailFromSchema = z
  .string()
  .trim()
  .refine((value) => {
    if (/[\r\n]/.test(value)) return false;
    const match = /^(?:[^<>"]+ )?<([^<>\s]+)>$/.exec(value);
    return z.email().safeParse(match?.[1] ?? value).success;
  });

/** The domain of the sender address (`KIM <kim@kreis-dueren.de>` → `kreis-dueren.de`): SES verifies it. */
export function mailDomain(mailFrom: string): string {
  const address = /<([^<>\s]+)>$/.exec(mailFrom)?.[1] ?? mailFrom;
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

const appUrlSchema = z
  .url({ protocol: /^https$/ })
  .transform((value) => new URL(value))
  .refine((url) => url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '')
  .transform((url) => url.origin);

/** CloudFront takes certificates from ACM in us-east-1 only. */
const certificateArnSchema = z.string().regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/);

const disjunction = (values: readonly string[]): string => new Intl.ListFormat('de', { type: 'disjunction' }).format(values);

/** Reads the CDK context value `stage` (absent → dev). */
export function parseStage(raw: unknown): Stage {
  const result = stageSchema.safeParse(raw ?? DEFAULT_STAGE);
  if (!result.success) {
    throw new ConfigError(
      `Der CDK-Kontextwert "stage" muss ${disjunction(STAGES)} sein, nicht ${JSON.stringify(raw)} (setzen mit: cdk synth -c stage=${DEFAULT_STAGE}).`,
    );
  }
  return result.data;
}

/** The settings a stage file may hold; `-c key=value` may override each for one run. */
const settingsSchema = z.strictObject({
  mailFrom: mailFromSchema,
  appUrl: appUrlSchema.optional(),
  alarmEmail: z.email(),
  webCertificateArn: certificateArnSchema.optional(),
  /** Path of a district profile file, relative to the project folder. */
  profile: z.string().trim().min(1).optional(),
});

const SETTING_KEYS = settingsSchema.keyof().options;
type SettingKey = (typeof SETTING_KEYS)[number];

/** What each setting must be, for the sentence that names a wrong one. */
const EXPECTED: Readonly<Record<SettingKey, string>> = {
  mailFrom: 'eine Absenderadresse wie "KIM Flow <kim-flow@kreis-dueren.de>"',
  appUrl: 'eine https-Adresse ohne Pfad wie "https://kim-flow.kreis-dueren.de"',
  alarmEmail: 'eine E-Mail-Adresse wie "it-betrieb@kreis-dueren.de"',
  webCertificateArn: 'die ARN eines ACM-Zertifikats in us-east-1 wie "arn:aws:acm:us-east-1:123456789012:certificate/…"',
  profile: 'der Pfad einer Profildatei wie "profile/kreis-dueren.json"',
};

/** The CDK context values synth was given (`-c key=value`, cdk.json); each set one overrides the stage file. */
export interface RawDeployConfig {
  readonly stage?: unknown;
  readonly mailFrom?: unknown;
  readonly appUrl?: unknown;
  readonly webCertificateArn?: unknown;
  readonly alarmEmail?: unknown;
  readonly profile?: unknown;
}

/** The deploy config of the stage `overrides.stage` names: its file in `settingsDir`, with the context values over it. */
export function parseDeployConfig(overrides: RawDeployConfig, settingsDir: string = DEPLOY_SETTINGS_DIR): DeploySettings {
  const stage = parseStage(overrides.stage);
  const file = readStageFile(stage, settingsDir);
  const fromContext = Object.fromEntries(SETTING_KEYS.flatMap((key) => (overrides[key] === undefined ? [] : [[key, overrides[key]]])));
  const raw: Record<string, unknown> = { ...file.settings, ...fromContext };
  const subject = (key: SettingKey): string => (key in fromContext ? `Der CDK-Kontextwert "${key}"` : `Der Wert "${key}" in ${file.shown}`);
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    // One sentence per wrong setting (zod may report several issues for one), all on one line.
    const sentences = parsed.error.issues.flatMap((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => `${file.shown} enthält die unbekannte Einstellung "${key}" (bekannt sind ${SETTING_KEYS.join(', ')}).`);
      }
      const key = SETTING_KEYS.find((known) => known === issue.path[0]);
      if (key === undefined) return [`${file.shown} ist ungültig: ${issue.message}.`];
      return raw[key] === undefined ? [`In ${file.shown} fehlt "${key}": ${EXPECTED[key]}.`] : [`${subject(key)} muss ${EXPECTED[key]} sein, nicht ${JSON.stringify(raw[key])}.`];
    });
    throw new ConfigError([...new Set(sentences)].join(' '));
  }
  const { profile, appUrl, ...settings } = parsed.data;
  if (stage === 'prod' && settings.webCertificateArn === undefined) {
    // CloudFront's default *.cloudfront.net certificate comes with a security policy that still accepts TLS 1.0.
    throw new ConfigError(
      `Die Stufe prod braucht "webCertificateArn" (in ${file.shown} oder mit -c webCertificateArn=…): ${EXPECTED.webCertificateArn} ` +
        'für den Host von appUrl. Ohne eigenes Zertifikat liefert CloudFront die Seiten mit seinem Standardzertifikat aus, ' +
        'das noch TLS 1.0 zulässt – zu schwach für personenbezogene Daten.',
    );
  }
  if (settings.webCertificateArn !== undefined && appUrl === undefined) {
    throw new ConfigError(
      `Mit "webCertificateArn" braucht die Stufe ${stage} auch "appUrl" (in ${file.shown} oder mit -c appUrl=…): ${EXPECTED.appUrl}, ` +
        'der Host, für den das Zertifikat ausgestellt ist und unter dem CloudFront die Seiten ausliefert.',
    );
  }
  return {
    stage,
    ...settings,
    // Without a certificate the distribution's own address is the app's (DeployConfig.appUrl, buildKimFlow).
    ...(settings.webCertificateArn === undefined || appUrl === undefined ? {} : { appUrl }),
    ...(profile === undefined ? {} : { profileJson: readProfileFile(profile, subject('profile')) }),
  };
}

/** The stage file as written, an object of settings; `shown` names it as the person at the terminal finds it. */
function readStageFile(stage: Stage, settingsDir: string): { settings: Readonly<Record<string, unknown>>; shown: string } {
  const path = join(settingsDir, `${stage}.json`);
  const fromHere = relative(process.cwd(), path);
  const shown = fromHere.startsWith('..') || isAbsolute(fromHere) ? path : fromHere;
  let json: unknown;
  try {
    json = readJsonFile(shown, `Die Einstellungsdatei der Stufe ${stage}`);
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    throw new ConfigError(`${error.message}.`);
  }
  const settings = z.record(z.string(), z.unknown()).safeParse(json);
  if (!settings.success) {
    throw new ConfigError(`${shown} muss ein JSON-Objekt mit den Einstellungen der Stufe ${stage} sein, z. B. {"mailFrom": …, "alarmEmail": …}.`);
  }
  return { settings: settings.data, shown };
}

/** The profile file's text, checked with the same schema `npm start` uses; its problems in one sentence. */
function readProfileFile(path: string, subject: string): string {
  try {
    // The file as written (validated), not the parsed result: the functions parse it again with the same schema.
    const profile = readJsonFile(resolve(PROJECT_DIR, path), 'Das Bezirksprofil');
    parseProfile(profile, path);
    return JSON.stringify(profile);
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    throw new ConfigError(`${subject} nennt kein gültiges Bezirksprofil: ${error.message.replace(/\n- /g, '; ').replace(/\n/g, ' ')}`);
  }
}

/** The CDK context keys the deploy config may take from the context (`cdk synth -c stage=prod -c appUrl=…`). */
export function rawDeployConfigFromContext(tryGetContext: (key: string) => unknown): RawDeployConfig {
  return Object.fromEntries(['stage', ...SETTING_KEYS].map((key) => [key, tryGetContext(key)]));
}
