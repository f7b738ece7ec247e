/**
 * `npm run rehearse`: the deploy rehearsal. Synthesizes the app (bundled, as `cdk deploy` would upload it), runs
 * every function from its bundle and every state machine from its template against the local stand-ins through the
 * recorder, drives the scenario through the API and checks every recorded AWS call against the templates' IAM
 * policies (local/rehearsal/). Exit code 1 on a denied call or an unused write/delete permission.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { bundledProfile } from '../core/profile/bundled-profile.ts';
import { loadDemoData } from '../local/demo/load-demo-data.ts';
import { startRehearsal } from '../local/rehearsal/rehearsal.ts';
import { verdict } from '../local/rehearsal/report.ts';
import { runScenario } from '../local/rehearsal/scenario.ts';
import { exitWithMistake, parseCommandLine } from './command-line.ts';

const command = {
  name: 'npm run rehearse',
  synopsis: [],
  summary:
    'Probe des Deployments: synthetisiert die App, startet die lokale Umgebung mit jeder Funktion aus ihrem Bündel in cdk.out und jeder ' +
    'Zustandsmaschine aus ihrem Template, spielt Fälle (auch Nachträge, Übergaben, Sperre, Löschung, einen angehaltenen Fall), Sitzungen, ' +
    'Bedarfsmeldungen, die Fristen des Ablaufs (die Uhr der Probe wird vorgestellt), ein Protokoll mit Berichtigung und den Tageslauf über die API durch und prüft jeden AWS-Aufruf gegen ' +
    'die IAM-Rechte der Templates. Endet mit 1 bei einem verweigerten Aufruf oder einem ungenutzten schreibenden Recht.',
  options: {
    'cloud-assembly': { type: 'string', valueName: '<Ordner>', description: 'vorhandene Ausgabe von `cdk synth` verwenden statt neu zu synthetisieren' },
    cases: { type: 'string', valueName: '<Anzahl>', description: 'Fälle geradewegs von der Aufnahme bis zum Abschluss (Standard: 4; die übrigen Teile legen ihre eigenen an)' },
  },
  maxPositionals: 0,
  examples: ['npm run rehearse', 'npm run rehearse -- --cloud-assembly cdk.out --cases 2'],
} as const;

const { values } = parseCommandLine(command);
const cases = Number(values.cases ?? '4');
if (!Number.isInteger(cases) || cases < 1 || cases > 100) exitWithMistake(command, 'Die Anzahl der Fälle (--cases) muss eine ganze Zahl von 1 bis 100 sein.');

const started = Date.now();
const seconds = (): string => ((Date.now() - started) / 1000).toFixed(1);
const workDir = mkdtempSync(join(tmpdir(), 'kim-rehearsal-'));
try {
  let cloudAssemblyDir = values['cloud-assembly'] === undefined ? undefined : resolve(values['cloud-assembly']);
  if (cloudAssemblyDir === undefined) {
    cloudAssemblyDir = join(workDir, 'cdk.out');
    console.log('Synthetisiere die App (mit Bündeln) …');
    await promisify(execFile)('npx', ['cdk', 'synth', '--quiet', '--output', cloudAssemblyDir], { maxBuffer: 64 * 1024 * 1024 });
    console.log(`Synthese fertig nach ${seconds()} s.`);
  }
  const profile = bundledProfile();
  const rehearsal = await startRehearsal({ cloudAssemblyDir, profile, demo: loadDemoData(profile), dataDir: join(workDir, 'data'), log: () => undefined });
  let passed = false;
  try {
    await runScenario(rehearsal, { cases, log: (line) => {
      console.log(`[${seconds()} s] ${line}`);
    } });
    const result = verdict(await rehearsal.report());
    console.log(`\n${result.text}`);
    passed = result.passed;
  } finally {
    await rehearsal.stop();
  }
  console.log(`Dauer: ${seconds()} s.`);
  process.exitCode = passed ? 0 : 1;
} catch (error) {
  console.error(`Probe abgebrochen: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
