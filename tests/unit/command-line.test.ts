import { describe, expect, it } from 'vitest';
import { formatHelp, readCommandLine, type Command, type CommandOptions } from '../../bin/command-line.ts';
import { localEnvironmentHelp } from '../../local/config.ts';

const command = {
  name: 'npm run beispiel',
  synopsis: ['--email <E-Mail> [--laut] [<Datei>]'],
  summary: 'Macht etwas Beispielhaftes.',
  options: {
    email: { type: 'string', valueName: '<E-Mail>', description: 'Adresse' },
    laut: { type: 'boolean', short: 'l', description: 'mehr Ausgabe' },
  },
  maxPositionals: 1,
  environment: { KIM_BEISPIEL: 'ein Wert (Standard: 1)' },
} satisfies Command<CommandOptions>;

describe('command line (bin/command-line.ts)', () => {
  it('reads options and arguments as parseArgs does in strict mode', () => {
    expect(readCommandLine(command, ['--email', 'a@b.de', '-l', 'x.txt'])).toEqual({
      kind: 'parsed',
      values: { email: 'a@b.de', laut: true },
      positionals: ['x.txt'],
    });
    expect(readCommandLine(command, ['--email=-seltsam', '--', '-datei'])).toEqual({ kind: 'parsed', values: { email: '-seltsam' }, positionals: ['-datei'] });
    expect(readCommandLine(command, [])).toEqual({ kind: 'parsed', values: {}, positionals: [] });
  });

  it('answers --help and -h before anything else on the line, even a mistake', () => {
    for (const args of [['--help'], ['-h'], ['--gibt-es-nicht', '--help'], ['a', 'b', 'c', '-h']]) {
      expect(readCommandLine(command, args), args.join(' ')).toEqual({ kind: 'help', text: formatHelp(command) });
    }
  });

  it('names each mistake in German: unknown option, missing value, value for a switch, an argument too many', () => {
    const mistake = (...args: string[]): string => {
      const line = readCommandLine(command, args);
      return line.kind === 'mistake' ? line.message : `no mistake: ${line.kind}`;
    };
    expect(mistake('--gibt-es-nicht')).toBe('Unbekannte Option „--gibt-es-nicht“.');
    expect(mistake('-x')).toBe('Unbekannte Option „-x“.');
    expect(mistake('--email')).toBe('Die Option „--email“ braucht einen Wert.');
    // As parseArgs' strict mode: the next option is not taken as the value.
    expect(mistake('--email', '--laut')).toBe('Die Option „--email“ braucht einen Wert.');
    expect(mistake('--laut=ja')).toBe('Die Option „--laut“ nimmt keinen Wert.');
    expect(mistake('a.txt', 'b.txt', 'c.txt')).toBe('Zu viele Argumente: „b.txt“, „c.txt“.');
    expect(readCommandLine({ ...command, maxPositionals: 0 }, ['a.txt'])).toEqual({ kind: 'mistake', message: 'Der Befehl nimmt keine Argumente: „a.txt“.' });
    expect(mistake('--gibt-es-nicht', '--email')).toBe('Unbekannte Option „--gibt-es-nicht“. Die Option „--email“ braucht einen Wert.');
  });

  it('prints usage, summary, options with -h/--help, environment in aligned columns', () => {
    expect(formatHelp(command)).toBe(
      [
        'Aufruf: npm run beispiel -- --email <E-Mail> [--laut] [<Datei>]',
        '',
        'Macht etwas Beispielhaftes.',
        '',
        'Optionen:',
        '  --email <E-Mail>  Adresse',
        '  -l, --laut        mehr Ausgabe',
        '  -h, --help        zeigt diese Hilfe und beendet sich',
        '',
        'Umgebungsvariablen:',
        '  KIM_BEISPIEL  ein Wert (Standard: 1)',
      ].join('\n'),
    );
  });

  it('describes every environment variable npm start reads, with its default', () => {
    const help = localEnvironmentHelp();
    expect(Object.keys(help)).toEqual(expect.arrayContaining(['KIM_DATA_DIR', 'PORT', 'KIM_TIME_SCALE', 'KIM_PROFILE']));
    for (const [name, text] of Object.entries(help)) expect(text, name).toMatch(/^\S.{10,}/);
    expect(help.PORT).toBe('Port der Anwendung: Seiten und API (Standard: 3000)');
  });
});
