/**
 * The bench's output: a table printed as the figures come in (with progress lines for the long parts) and the same
 * figures, with every sample summary, in `.kim/bench/results.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';

export type Status = 'met' | 'MISSED' | 'info' | 'FAILED';

export interface Row {
  readonly label: string;
  /** The figure measured, formatted (e.g. "412 ms"). */
  readonly value: string;
  /** What it is measured against, formatted (e.g. "hello-world 88 ms"). */
  readonly reference?: string;
  readonly ratio?: string;
  readonly budget?: string;
  readonly status?: Status;
}

export interface Budget {
  readonly id: string;
  readonly description: string;
  readonly measured: number;
  readonly limit: number;
  readonly comparison: '<=' | '>=' | '<';
  readonly unit: string;
  readonly met: boolean;
}

const COLUMNS = [50, 14, 30, 8, 10, 6] as const;

function cell(text: string, width: number, alignRight = false): string {
  const clipped = text.length > width ? `${text.slice(0, width - 1)}…` : text;
  return alignRight ? clipped.padStart(width) : clipped.padEnd(width);
}

export const ms = (value: number): string => (Number.isFinite(value) ? `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms` : '–');
export const times = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');
export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;
export const perSecond = (value: number): string => `${value.toFixed(0)}/s`;

export class Reporter {
  private readonly started = Date.now();
  private readonly results: Record<string, unknown> = {};
  private readonly budgets: Budget[] = [];
  private readonly notes: string[] = [];
  private progressShown = false;
  /** Rows that could not be measured (status FAILED). */
  failedRows = 0;
  private lastProgressLine = 0;

  constructor(private readonly resultsPath: string) {}

  private print(line: string): void {
    this.clearProgress();
    process.stdout.write(`${line}\n`);
  }

  section(title: string): void {
    this.print('');
    this.print(`== ${title}`);
    this.print(
      [cell('measurement', COLUMNS[0]), cell('value', COLUMNS[1], true), cell('against', COLUMNS[2], true), cell('ratio', COLUMNS[3], true), cell('budget', COLUMNS[4], true), cell('', COLUMNS[5])].join(' '),
    );
  }

  row(row: Row): void {
    if (row.status === 'FAILED') this.failedRows += 1;
    const status = row.status === undefined || row.status === 'info' ? '' : row.status;
    this.print(
      [
        cell(row.label, COLUMNS[0]),
        cell(row.value, COLUMNS[1], true),
        cell(row.reference ?? '', COLUMNS[2], true),
        cell(row.ratio ?? '', COLUMNS[3], true),
        cell(row.budget ?? '', COLUMNS[4], true),
        cell(status, COLUMNS[5]),
      ].join(' '),
    );
  }

  /** A sentence under the table (how something was measured, what a figure does not include). */
  note(text: string): void {
    this.notes.push(text);
    this.print(`   · ${text}`);
  }

  /** One updating line on a terminal; otherwise a line at most every 5 seconds (and at the end). */
  progress(label: string, done: number, total: number): void {
    const text = `   … ${label} ${done}/${total}`;
    if (process.stdout.isTTY) {
      process.stdout.write(`\r${text.padEnd(100)}`);
      this.progressShown = true;
      if (done === total) this.clearProgress();
      return;
    }
    const now = Date.now();
    if (done === total || now - this.lastProgressLine > 5000) {
      this.lastProgressLine = now;
      process.stdout.write(`${text}\n`);
    }
  }

  private clearProgress(): void {
    if (!this.progressShown) return;
    process.stdout.write(`\r${' '.repeat(100)}\r`);
    this.progressShown = false;
  }

  budget(budget: Omit<Budget, 'met'>): Budget {
    const met =
      budget.comparison === '<=' ? budget.measured <= budget.limit : budget.comparison === '>=' ? budget.measured >= budget.limit : budget.measured < budget.limit;
    const result = { ...budget, met };
    this.budgets.push(result);
    return result;
  }

  /** Raw figures of a section for results.json. */
  record(section: string, data: unknown): void {
    this.results[section] = data;
    this.write();
  }

  /** Written after every section, so an interrupted run still leaves what it measured. */
  write(): void {
    mkdirSync(dirname(this.resultsPath), { recursive: true });
    const document = {
      startedAt: new Date(this.started).toISOString(),
      durationSeconds: Math.round((Date.now() - this.started) / 1000),
      machine: { node: process.version, platform: process.platform, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadavg: loadavg() },
      budgets: this.budgets,
      notes: this.notes,
      sections: this.results,
    };
    writeFileSync(this.resultsPath, `${JSON.stringify(document, null, 2)}\n`);
  }

  summary(): void {
    this.print('');
    this.print(`== Budgets (${Math.round((Date.now() - this.started) / 1000)} s in all)`);
    for (const b of this.budgets) {
      this.print(`   ${b.met ? 'met   ' : 'MISSED'}  ${b.description}: ${formatNumber(b.measured)} ${b.unit} (budget ${b.comparison} ${formatNumber(b.limit)} ${b.unit})`);
    }
    this.print(`   figures: ${this.resultsPath}`);
  }
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
