import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEPLOY_SETTINGS_DIR, mailDomain, parseDeployConfig, parseStage, STAGES } from '../../lib/config.ts';
import { DEFAULT_PROFILE_PATH } from '../../core/profile/load-profile.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const execFileAsync = promisify(execFile);
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

/** Runs bin/kim-flow.ts as the CDK CLI does: context and output directory through the environment. */
async function runApp(context: Record<string, unknown>): Promise<{ exitCode: number; stderr: string; outdir: string }> {
  const outdir = mkdtempSync(join(tmpdir(), 'kim-flow-bin-'));
  const env = { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir };
  try {
    const { stderr } = await execFileAsync(process.execPath, ['--import', 'tsx', 'bin/kim-flow.ts'], { cwd: PROJECT_ROOT, env });
    return { exitCode: 0, stderr, outdir };
  } catch (thrown) {
    const { code, stderr } = thrown as { code: number; stderr: string };
    return { exitCode: code, stderr, outdir };
  }
}

describe('stage (CDK context "stage")', () => {
  it('defaults to dev and accepts the known stages', () => {
    expect(parseStage(undefined)).toBe('dev');
    expect(parseStage('prod')).toBe('prod');
  });

  it('rejects anything else with one sentence naming the context key', () => {
    expect(() => parseStage('production')).toThrow(ConfigError);
    expect(() => parseStage('production')).toThrow('Der CDK-Kontextwert "stage" muss dev, staging oder prod sein, nicht "production"');
  });

  // The one synth in the tests that bundles every function (as `npm run synth` does): proves each handler bundles.
  // With cdk-nag and Control Tower's rules over every template, that takes minutes on a shared 2-core machine.
  it('bin/kim-flow.ts stops with that sentence alone, or synthesizes the stage with all its stacks', { timeout: 900_000 }, async () => {
    const [bad, badUrl, prodWithoutCertificate, good] = await Promise.all([
      runApp({ stage: 'nope' }),
      runApp({ stage: 'prod', appUrl: 'http://kim.kreis-dueren.de' }),
      runApp({ stage: 'prod' }),
      runApp({ stage: 'staging' }),
    ]);
    try {
      expect(bad.exitCode).toBe(1);
      expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Der CDK-Kontextwert "stage" muss .* nicht "nope"/)]);
      expect(badUrl.exitCode).toBe(1);
      expect(badUrl.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Der CDK-Kontextwert "appUrl" muss eine https-Adresse/)]);
      expect(prodWithoutCertificate.exitCode).toBe(1);
      expect(prodWithoutCertificate.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Die Stufe prod braucht "webCertificateArn" .* TLS 1\.0 /)]);
      expect(good.exitCode, good.stderr).toBe(0);
      for (const stack of ['data', 'site', 'meetings', 'workflow', 'sweeper', 'api', 'web', 'monitoring']) {
        expect(existsSync(join(good.outdir, `kim-flow-staging-${stack}.template.json`)), stack).toBe(true);
      }
    } finally {
      for (const run of [bad, badUrl, prodWithoutCertificate, good]) rmSync(run.outdir, { recursive: true, force: true });
    }
  });
});

describe('stage files (deploy/<stage>.json)', () => {
  it('hold the settings of each stage', () => {
    for (const stage of STAGES) {
      const file = JSON.parse(readFileSync(join(DEPLOY_SETTINGS_DIR, `${stage}.json`), 'utf8')) as Record<string, unknown>;
      // The checked-in prod file has no certificate yet: the Kreis's own goes there (or -c) before the first deploy.
      const context = stage === 'prod' ? { webCertificateArn: CERTIFICATE_ARN } : {};
      expect(parseDeployConfig({ stage, ...context }), stage).toEqual({ stage, ...file, ...context });
    }
    expect(parseDeployConfig({}).stage).toBe('dev');
  });

  it('stop synth with one sentence per wrong setting, naming the file and the setting; -c key=value overrides a setting', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kim-deploy-'));
    const write = (settings: unknown): void => {
      writeFileSync(join(dir, 'prod.json'), JSON.stringify(settings));
    };
    const messageOf = (context: Record<string, unknown> = {}): string => {
      try {
        parseDeployConfig({ stage: 'prod', ...context }, dir);
      } catch (thrown) {
        expect(thrown).toBeInstanceOf(ConfigError);
        return (thrown as Error).message;
      }
      return 'no error';
    };
    try {
      expect(messageOf()).toMatch(/^Die Einstellungsdatei der Stufe prod konnte nicht gelesen werden – Datei fehlt .*prod\.json\)\.$/);
      writeFileSync(join(dir, 'prod.json'), '{"mailFrom": ');
      expect(messageOf()).toMatch(/^Die Einstellungsdatei der Stufe prod ist keine gültige JSON-Datei/);
      write(['mailFrom']);
      expect(messageOf()).toMatch(/prod\.json muss ein JSON-Objekt mit den Einstellungen der Stufe prod sein/);
      write({ mailFrom: 'KIM <kim@kreis-dueren.de>', appUrl: 'http://kim.kreis-dueren.de', mailfrom: 'x' });
      const message = messageOf();
      expect(message).not.toContain('\n');
      expect(message).toContain('prod.json enthält die unbekannte Einstellung "mailfrom" (bekannt sind mailFrom, appUrl, alarmEmail, webCertificateArn, profile).');
      expect(message).toMatch(/Der Wert "appUrl" in \S*prod\.json muss eine https-Adresse ohne Pfad wie "https:\/\/kim-flow\.kreis-dueren\.de" sein, nicht "http:\/\/kim\.kreis-dueren\.de"\./);
      expect(message).toMatch(/In \S*prod\.json fehlt "alarmEmail": eine E-Mail-Adresse wie "it-betrieb@kreis-dueren\.de"\./);
      write({ mailFrom: 'KIM <kim@kreis-dueren.de>', appUrl: 'http://kim.kreis-dueren.de', alarmEmail: 'it@kreis-dueren.de', profile: 'core/profile/kreis-dueren.json' });
      expect(messageOf({ appUrl: 'https://kim.kreis-dueren.de' })).toMatch(
        /^Die Stufe prod braucht "webCertificateArn" \(in \S*prod\.json oder mit -c webCertificateArn=…\): die ARN eines ACM-Zertifikats in us-east-1 .* das noch TLS 1\.0 zulässt – zu schwach für personenbezogene Daten\.$/,
      );
      write({ mailFrom: 'KIM <kim@kreis-dueren.de>', appUrl: 'http://kim.kreis-dueren.de', alarmEmail: 'it@kreis-dueren.de', profile: 'core/profile/kreis-dueren.json', webCertificateArn: CERTIFICATE_ARN });
      expect(messageOf({ appUrl: 'https://kim.kreis-dueren.de' })).toBe('no error');
      // The certificate is for appUrl's host: without appUrl, a sentence saying so.
      write({ mailFrom: 'KIM <kim@kreis-dueren.de>', alarmEmail: 'it@kreis-dueren.de', webCertificateArn: CERTIFICATE_ARN });
      expect(messageOf()).toMatch(/^Mit "webCertificateArn" braucht die Stufe prod auch "appUrl" \(in \S*prod\.json oder mit -c appUrl=…\): eine https-Adresse ohne Pfad/);
      write({ mailFrom: 'KIM <kim@kreis-dueren.de>', appUrl: 'http://kim.kreis-dueren.de', alarmEmail: 'it@kreis-dueren.de', profile: 'core/profile/kreis-dueren.json', webCertificateArn: CERTIFICATE_ARN });
      const config = parseDeployConfig({ stage: 'prod', appUrl: 'https://kim.kreis-dueren.de' }, dir);
      expect(config).toMatchObject({ stage: 'prod', mailFrom: 'KIM <kim@kreis-dueren.de>', appUrl: 'https://kim.kreis-dueren.de', alarmEmail: 'it@kreis-dueren.de' });
      // A relative profile path starts at the project folder, wherever synth runs.
      expect(JSON.parse(config.profileJson ?? '')).toEqual(JSON.parse(readFileSync(DEFAULT_PROFILE_PATH, 'utf8')));
      expect(messageOf({ appUrl: 'https://kim.kreis-dueren.de', profile: 'fehlt.json' })).toMatch(/^Der CDK-Kontextwert "profile" nennt kein gültiges Bezirksprofil/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('mail sender and app address (CDK context "mailFrom", "appUrl")', () => {
  it('take a sender with or without a display name, and an https origin (a trailing slash is dropped)', () => {
    const settings = { stage: 'staging', mailFrom: 'KIM Kreis Düren <kim@kreis-dueren.de>', appUrl: 'https://kim.kreis-dueren.de/' };
    expect(parseDeployConfig({ ...settings, webCertificateArn: CERTIFICATE_ARN })).toEqual({
      stage: 'staging',
      mailFrom: 'KIM Kreis Düren <kim@kreis-dueren.de>',
      appUrl: 'https://kim.kreis-dueren.de',
      webCertificateArn: CERTIFICATE_ARN,
      alarmEmail: parseDeployConfig({ stage: 'staging' }).alarmEmail,
    });
    // Without a certificate the app is at the distribution's own address (buildKimFlow): an appUrl set anyway, as the
    // former second deploy asked for, is checked but left out.
    expect(parseDeployConfig(settings)).not.toHaveProperty('appUrl');
    expect(parseDeployConfig({ mailFrom: 'kim@kreis-dueren.de' }).mailFrom).toBe('kim@kreis-dueren.de');
  });

  it('reject anything else with one sentence naming the context key', () => {
    for (const mailFrom of ['kim', 'KIM <kim@>', 'KIM <kim@kreis-dueren.de>\r\nBcc: x@y.de', 42]) {
      expect(() => parseDeployConfig({ mailFrom }), String(mailFrom)).toThrow(ConfigError);
      expect(() => parseDeployConfig({ mailFrom }), String(mailFrom)).toThrow(/^Der CDK-Kontextwert "mailFrom" muss/);
    }
    for (const appUrl of ['http://kim.kreis-dueren.de', 'https://kim.kreis-dueren.de/app', 'https://kim.kreis-dueren.de/?x=1', 'kim.kreis-dueren.de']) {
      expect(() => parseDeployConfig({ appUrl }), appUrl).toThrow(/^Der CDK-Kontextwert "appUrl" muss/);
    }
  });
});

describe('alarm mailbox and district profile (CDK context "alarmEmail", "profile")', () => {
  it('take a mail address and a valid profile file, whose text then goes to the bundling', () => {
    expect(parseDeployConfig({ alarmEmail: 'it-betrieb@kreis-dueren.de' }).alarmEmail).toBe('it-betrieb@kreis-dueren.de');
    const config = parseDeployConfig({ profile: DEFAULT_PROFILE_PATH });
    expect(JSON.parse(config.profileJson ?? '')).toEqual(JSON.parse(readFileSync(DEFAULT_PROFILE_PATH, 'utf8')));
    expect(parseDeployConfig({}).profileJson).toBeUndefined();
  });

  it('reject a bad address, a missing file and an invalid profile with one sentence naming the key', () => {
    expect(() => parseDeployConfig({ alarmEmail: 'betrieb' })).toThrow(/^Der CDK-Kontextwert "alarmEmail" muss eine E-Mail-Adresse/);
    const dir = mkdtempSync(join(tmpdir(), 'kim-profile-'));
    try {
      expect(() => parseDeployConfig({ profile: join(dir, 'fehlt.json') })).toThrow(/^Der CDK-Kontextwert "profile" nennt kein gültiges Bezirksprofil: .*nicht gelesen werden/);
      const broken = JSON.parse(readFileSync(DEFAULT_PROFILE_PATH, 'utf8')) as { district: { holidayRegion: { state: string } } };
      broken.district.holidayRegion.state = 'XX';
      writeFileSync(join(dir, 'kaputt.json'), JSON.stringify(broken));
      const error = (() => {
        try {
          parseDeployConfig({ profile: join(dir, 'kaputt.json') });
        } catch (thrown) {
          return thrown;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/^Der CDK-Kontextwert "profile" nennt kein gültiges Bezirksprofil: .*holidayRegion\.state/);
      expect((error as Error).message).not.toContain('\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sender domain', () => {
  it('is the domain of the sender address, with or without a display name', () => {
    expect(mailDomain('KIM Kreis Düren <kim@Kreis-Dueren.de>')).toBe('kreis-dueren.de');
    expect(mailDomain('kim@kreis-dueren.de')).toBe('kreis-dueren.de');
  });
});
