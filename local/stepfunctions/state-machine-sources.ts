/**
 * Where the local engine's state machines come from: the ASL files of state-machines/ with their placeholders
 * filled (`npm start`, the tests, the bench), or — in the deploy rehearsal (local/rehearsal/) — the templates'
 * DefinitionStrings, filled already, named as the templates name the state machines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { substitute } from './prepare-definition.ts';

export interface DeployedDefinition {
  readonly name: string;
  readonly definitionText: string;
}

export interface StateMachineSource extends DeployedDefinition {
  /** Where the definition came from, for messages about it (its file, or its name). */
  readonly origin: string;
}

const ASL_SUFFIX = '.asl.json';

export function stateMachineSources(options: {
  readonly stateMachinesDir: string;
  readonly substitutions: Readonly<Record<string, string>>;
  readonly definitions?: readonly DeployedDefinition[];
}): StateMachineSource[] {
  if (options.definitions !== undefined) return options.definitions.map((definition) => ({ ...definition, origin: definition.name }));
  return readdirSync(options.stateMachinesDir)
    .filter((f) => f.endsWith(ASL_SUFFIX))
    .sort()
    .map((file) => {
      const path = join(options.stateMachinesDir, file);
      return { name: basename(path, ASL_SUFFIX), definitionText: substitute(readFileSync(path, 'utf8'), options.substitutions, path), origin: path };
    });
}
