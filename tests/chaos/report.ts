/**
 * What `npm run chaos` prints: progress lines while a scenario runs, then one table of every check with its numbers
 * and whether the promise held. English like the bench's table (operators read both side by side); the command line
 * and its mistakes are German like every command's.
 */

/** held: the promise is kept; BROKEN: it is not (exit code 1); lost: DynamoDB Local lost acknowledged writes; info: a figure. */
export type Verdict = 'held' | 'BROKEN' | 'lost' | 'info';

export interface Check {
  readonly scenario: string;
  readonly check: string;
  readonly value: string;
  readonly verdict: Verdict;
  /** Which cases, keys or mails broke it (the first few are printed). */
  readonly examples?: readonly string[];
}

const WIDTHS = [12, 58, 22, 6] as const;
const cell = (text: string, width: number): string => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));

export class ChaosReport {
  readonly checks: Check[] = [];
  private lastProgress = 0;

  line(text: string): void {
    process.stdout.write(`${text}\n`);
  }

  /** At most one line every 2 seconds (and the last), so a log file stays readable. */
  progress(label: string, done: number, total: number): void {
    const now = Date.now();
    if (done !== total && now - this.lastProgress < 2000) return;
    this.lastProgress = now;
    this.line(`   … ${label} ${String(done)}/${String(total)}`);
  }

  add(check: Check): void {
    this.checks.push(check);
    const examples = check.examples ?? [];
    this.line(`   ${check.verdict === 'held' ? 'ok' : check.verdict}: ${check.check}: ${check.value}${examples.length === 0 ? '' : ` (${examples.slice(0, 3).join('; ')})`}`);
  }

  /** A check of a list that must be empty (out of `of`, if given): held when it is, BROKEN (naming the first entries) when not. */
  expectNone(scenario: string, check: string, found: readonly string[], of?: number): void {
    this.add({ scenario, check, value: `${String(found.length)}${of === undefined ? '' : ` of ${String(of)}`}`, verdict: found.length === 0 ? 'held' : 'BROKEN', examples: found });
  }

  get brokenCount(): number {
    return this.checks.filter((c) => c.verdict === 'BROKEN').length;
  }

  table(): string {
    const row = (cells: readonly string[]): string => cells.map((text, i) => cell(text, WIDTHS[i] ?? 10)).join(' ').trimEnd();
    const lines = [row(['scenario', 'check', 'value', 'result']), row(WIDTHS.map((w) => '-'.repeat(w)))];
    for (const c of this.checks) lines.push(row([c.scenario, c.check, c.value, c.verdict === 'held' ? 'ok' : c.verdict]));
    for (const c of this.checks.filter((c) => c.verdict !== 'held' && c.verdict !== 'info' && (c.examples?.length ?? 0) > 0)) {
      lines.push(`  ${c.verdict} · ${c.check}: ${(c.examples ?? []).slice(0, 5).join('; ')}${(c.examples?.length ?? 0) > 5 ? ' …' : ''}`);
    }
    return lines.join('\n');
  }
}
