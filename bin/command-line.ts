/**
 * The command line of the project's commands (`npm start`, `npm run staff`, `token`, `reconcile`, `build`, `bench`),
 * read the same way everywhere: `-h`/`--help` prints the usage and ends with exit code 0 before the command does
 * anything; an unknown option, a missing value or an argument too many is one German sentence on stderr and exit
 * code 2 (the shell convention for a wrong call), so scripts can tell it from a command that ran and failed (1).
 */
import { parseArgs, type ParseArgsOptionDescriptor } from 'node:util';

export interface CommandOption extends ParseArgsOptionDescriptor {
  /** What it does, for --help. */
  readonly description: string;
  /** Placeholder for the value in --help (string options), e.g. `<E-Mail>`. */
  readonly valueName?: string;
}

export type CommandOptions = Readonly<Record<string, CommandOption>>;

export interface Command<O extends CommandOptions> {
  /** As typed in the shell, e.g. `npm start` or `npm run -s token`; usage lines and the hint after a mistake begin with it. */
  readonly name: string;
  /** What follows `<name> --` in the usage lines, one line per form (e.g. `<Kennung oder Rolle>`); empty: no arguments. */
  readonly synopsis: readonly string[];
  /** What the command does, in a few sentences. */
  readonly summary: string;
  readonly options: O;
  /** How many arguments that are not options the command takes. */
  readonly maxPositionals: number;
  /** Environment variables the command reads: name → meaning (and default). */
  readonly environment?: Readonly<Record<string, string>>;
  readonly examples?: readonly string[];
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h', description: 'zeigt diese Hilfe und beendet sich' } } as const satisfies CommandOptions;

type Parsed<O extends CommandOptions> = ReturnType<typeof parseArgs<{ options: O & typeof HELP_OPTION; strict: true; allowPositionals: true; args: string[] }>>;

export type CommandLine<O extends CommandOptions> =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'mistake'; readonly message: string }
  | { readonly kind: 'parsed'; readonly values: Parsed<O>['values']; readonly positionals: string[] };

const quoted = (text: string): string => `„${text}“`;

/** The --help text: usage lines, summary, options, environment variables, examples; columns aligned. */
export function formatHelp(command: Command<CommandOptions>): string {
  const options: CommandOptions = { ...command.options, ...HELP_OPTION };
  const optionRows = Object.entries(options).map(([name, option]): [string, string] => [
    `${option.short === undefined ? '' : `-${option.short}, `}--${name}${option.type === 'string' ? ` ${option.valueName ?? '<Wert>'}` : ''}`,
    option.description,
  ]);
  const usage = command.synopsis.length === 0 ? [command.name] : command.synopsis.map((line) => `${command.name} -- ${line}`);
  const sections = [
    usage.map((line, index) => `${index === 0 ? 'Aufruf: ' : '        '}${line}`).join('\n'),
    command.summary,
    `Optionen:\n${table(optionRows)}`,
    ...(command.environment === undefined ? [] : [`Umgebungsvariablen:\n${table(Object.entries(command.environment))}`]),
    ...(command.examples === undefined ? [] : [`Beispiele:\n${command.examples.map((line) => `  ${line}`).join('\n')}`]),
  ];
  return sections.join('\n\n');
}

function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join('\n');
}

/**
 * Reads `args` without side effects. The checks are those of parseArgs' strict mode, made first on a lenient
 * parse, so a mistake reads in German and --help still wins over anything else on the line.
 */
export function readCommandLine<O extends CommandOptions>(command: Command<O>, args: readonly string[]): CommandLine<O> {
  const options: O & typeof HELP_OPTION = { ...command.options, ...HELP_OPTION };
  const lenient = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  if (lenient.values.help === true) return { kind: 'help', text: formatHelp(command) };
  const mistakes = lenient.tokens.flatMap((token): string[] => {
    if (token.kind === 'positional') return [];
    if (token.kind === 'option-terminator') return [];
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (option === undefined) return [`Unbekannte Option ${quoted(token.rawName)}.`];
    if (option.type === 'boolean') return token.value === undefined ? [] : [`Die Option ${quoted(token.rawName)} nimmt keinen Wert.`];
    // As in strict mode: a value that looks like an option (`--email --name x`) is taken as a forgotten value.
    const looksLikeOption = token.inlineValue === false && token.value.length > 1 && token.value.startsWith('-');
    return token.value === undefined || looksLikeOption ? [`Die Option ${quoted(token.rawName)} braucht einen Wert.`] : [];
  });
  const extra = lenient.positionals.slice(command.maxPositionals);
  if (extra.length > 0) mistakes.push(`${command.maxPositionals === 0 ? 'Der Befehl nimmt keine Argumente' : 'Zu viele Argumente'}: ${extra.map(quoted).join(', ')}.`);
  if (mistakes.length > 0) return { kind: 'mistake', message: mistakes.join(' ') };
  const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  return { kind: 'parsed', values, positionals };
}

/** Ends the process with exit code 2 after a wrong call: the sentence, then where the usage is. */
export function exitWithMistake(command: Command<CommandOptions>, message: string): never {
  console.error(`${message}\nHilfe: ${command.name} -- --help`);
  process.exit(2);
}

/** For a command's entry point: --help and mistakes end the process here; otherwise the options and arguments. */
export function parseCommandLine<O extends CommandOptions>(command: Command<O>, args: readonly string[] = process.argv.slice(2)): Extract<CommandLine<O>, { kind: 'parsed' }> {
  const line = readCommandLine(command, args);
  if (line.kind === 'help') {
    console.log(line.text);
    process.exit(0);
  }
  if (line.kind === 'mistake') exitWithMistake(command, line.message);
  return line;
}
