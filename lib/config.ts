/**
 * Deploy configuration: the stage and, per stage, the mail sender and the address of the web application. The full
 * deploy config (profile, domains, coordination mailbox, alarms, …) comes later and belongs here too, validated the
 * same way: a wrong value stops synth with one sentence naming the CDK context key.
 */
import type { IConstruct } from 'constructs';
import * as z from 'zod';
import { parseProfile, ProfileError, readJsonFile } from '../core/profile/load-profile.ts';

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

export interface DeployConfig {
  readonly stage: Stage;
  /** Sender of every mail (MAIL_FROM of the functions): `Name <address>` or a bare address, verified in SES. */
  readonly mailFrom: string;
  /** Where people open KIM Flow (APP_URL): links in mails, OAuth callback of the sign-in. https, no path. */
  readonly appUrl: string;
  /**
   * ACM certificate (in us-east-1, as CloudFront requires) for the host of `appUrl`. With it, the web stack serves the
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

/**
 * Stage defaults until the Kreis names the real sender and host (CDK context `mailFrom`, `appUrl`). They use the
 * reserved `.example` domain (RFC 2606), so they can never reach a real mailbox or host by accident.
 */
export const STAGE_DEFAULTS: Readonly<Record<Stage, Pick<DeployConfig, 'mailFrom' | 'appUrl' | 'alarmEmail'>>> = {
  dev: {
    mailFrom: 'KIM Flow (dev) <kim-flow-dev@kreis-dueren.example>',
    appUrl: 'https://kim-flow-dev.kreis-dueren.example',
    alarmEmail: 'kim-flow-dev-betrieb@kreis-dueren.example',
  },
  staging: {
    mailFrom: 'KIM Flow (staging) <kim-flow-staging@kreis-dueren.example>',
    appUrl: 'https://kim-flow-staging.kreis-dueren.example',
    alarmEmail: 'kim-flow-staging-betrieb@kreis-dueren.example',
  },
  prod: { mailFrom: 'KIM Flow <kim-flow@kreis-dueren.example>', appUrl: 'https://kim-flow.kreis-dueren.example', alarmEmail: 'kim-flow-betrieb@kreis-dueren.example' },
};

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

export interface RawDeployConfig {
  readonly stage?: unknown;
  readonly mailFrom?: unknown;
  readonly appUrl?: unknown;
  readonly webCertificateArn?: unknown;
  readonly alarmEmail?: unknown;
  /** Path of a district profile file (relative to the working directory). */
  readonly profile?: unknown;
}

/** The deploy config from raw CDK context values; absent values take the stage's defaults. */
export function parseDeployConfig(raw: RawDeployConfig): DeployConfig {
  const stage = parseStage(raw.stage);
  const defaults = STAGE_DEFAULTS[stage];
  const mailFrom = mailFromSchema.safeParse(raw.mailFrom ?? defaults.mailFrom);
  if (!mailFrom.success) {
    throw new ConfigError(
      `Der CDK-Kontextwert "mailFrom" muss eine Absenderadresse wie "KIM Flow <kim-flow@kreis-dueren.de>" sein, nicht ${JSON.stringify(raw.mailFrom)}.`,
    );
  }
  const appUrl = appUrlSchema.safeParse(raw.appUrl ?? defaults.appUrl);
  if (!appUrl.success) {
    throw new ConfigError(
      `Der CDK-Kontextwert "appUrl" muss eine https-Adresse ohne Pfad wie "https://kim-flow.kreis-dueren.de" sein, nicht ${JSON.stringify(raw.appUrl)}.`,
    );
  }
  const alarmEmail = z.email().safeParse(raw.alarmEmail ?? defaults.alarmEmail);
  if (!alarmEmail.success) {
    throw new ConfigError(`Der CDK-Kontextwert "alarmEmail" muss eine E-Mail-Adresse wie "it-betrieb@kreis-dueren.de" sein, nicht ${JSON.stringify(raw.alarmEmail)}.`);
  }
  const config: DeployConfig = { stage, mailFrom: mailFrom.data, appUrl: appUrl.data, alarmEmail: alarmEmail.data };
  return { ...config, ...parseCertificate(raw.webCertificateArn), ...parseProfileFile(raw.profile) };
}

function parseCertificate(raw: unknown): Pick<DeployConfig, 'webCertificateArn'> {
  if (raw === undefined) return {};
  const webCertificateArn = certificateArnSchema.safeParse(raw);
  if (!webCertificateArn.success) {
    throw new ConfigError(
      `Der CDK-Kontextwert "webCertificateArn" muss die ARN eines ACM-Zertifikats in us-east-1 wie "arn:aws:acm:us-east-1:123456789012:certificate/…" sein, nicht ${JSON.stringify(raw)}.`,
    );
  }
  return { webCertificateArn: webCertificateArn.data };
}

/** The profile file, checked with the same schema `npm start` uses; its problems in one sentence. */
function parseProfileFile(raw: unknown): Pick<DeployConfig, 'profileJson'> {
  if (raw === undefined) return {};
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new ConfigError(`Der CDK-Kontextwert "profile" muss der Pfad einer Profildatei wie "profile/kreis-dueren.json" sein, nicht ${JSON.stringify(raw)}.`);
  }
  try {
    // The file as written (validated), not the parsed result: the functions parse it again with the same schema.
    const profile = readJsonFile(raw, 'Das Bezirksprofil');
    parseProfile(profile, raw);
    return { profileJson: JSON.stringify(profile) };
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    throw new ConfigError(`Der CDK-Kontextwert "profile" nennt kein gültiges Bezirksprofil: ${error.message.replace(/\n- /g, '; ').replace(/\n/g, ' ')}`);
  }
}

/** The CDK context keys the deploy config is read from (`cdk synth -c stage=prod -c mailFrom=… -c profile=…`). */
export function rawDeployConfigFromContext(tryGetContext: (key: string) => unknown): RawDeployConfig {
  return {
    stage: tryGetContext('stage'),
    mailFrom: tryGetContext('mailFrom'),
    appUrl: tryGetContext('appUrl'),
    webCertificateArn: tryGetContext('webCertificateArn'),
    alarmEmail: tryGetContext('alarmEmail'),
    profile: tryGetContext('profile'),
  };
}
