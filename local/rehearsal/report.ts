/**
 * The rehearsal's verdict as text: per principal the calls made, denied and the granted actions no call used. A
 * denied call or an unused write/delete action of a principal that ran fails the rehearsal; a principal the
 * scenario never ran is listed apart (its grants are not judged: nothing shows whether it needs them).
 */
import type { PrincipalReport } from './iam-check.ts';

export interface Verdict {
  readonly text: string;
  readonly passed: boolean;
  readonly counts: { readonly principals: number; readonly ran: number; readonly calls: number; readonly denied: number; readonly unusedWrites: number; readonly unusedOthers: number };
}

export function verdict(reports: readonly PrincipalReport[]): Verdict {
  const ran = reports.filter((r) => r.calls > 0);
  const idle = reports.filter((r) => r.calls === 0);
  const width = Math.max(...reports.map((r) => r.principal.length), 10);
  const lines = [`${'Prinzipal'.padEnd(width)}  Aufrufe  verweigert  ungenutzt (schreibend/sonstige)`];
  for (const report of ran) {
    lines.push(`${report.principal.padEnd(width)}  ${String(report.calls).padStart(7)}  ${String(report.denied.length).padStart(10)}  ${String(report.unusedWrites.length)}/${String(report.unusedOthers.length)}`);
    for (const denied of report.denied) lines.push(`  VERWEIGERT ${denied.action} auf ${denied.resource} (${denied.detail})`);
    if (report.unusedWrites.length > 0) lines.push(`  ungenutzt, schreibend: ${report.unusedWrites.join(', ')}`);
    if (report.unusedOthers.length > 0) lines.push(`  ungenutzt, lesend: ${report.unusedOthers.join(', ')}`);
    for (const { action, reason } of report.explained) lines.push(`  ${action}: ${reason}`);
  }
  if (idle.length > 0) lines.push('', `Nicht geprobt (kein Aufruf im Szenario, Rechte nicht beurteilt): ${idle.map((r) => r.principal).join(', ')}`);
  const counts = {
    principals: reports.length,
    ran: ran.length,
    calls: ran.reduce((sum, r) => sum + r.calls, 0),
    denied: ran.reduce((sum, r) => sum + r.denied.length, 0),
    unusedWrites: ran.reduce((sum, r) => sum + r.unusedWrites.length, 0),
    unusedOthers: ran.reduce((sum, r) => sum + r.unusedOthers.length, 0),
  };
  const passed = counts.denied === 0 && counts.unusedWrites === 0;
  lines.push(
    '',
    `${String(counts.principals)} Prinzipale, ${String(counts.ran)} geprobt, ${String(counts.calls)} Aufrufe: ${String(counts.denied)} verweigert, ` +
      `${String(counts.unusedWrites)} ungenutzte schreibende und ${String(counts.unusedOthers)} sonstige Rechte.`,
    passed ? 'Probe bestanden.' : 'Probe NICHT bestanden: verweigerte Aufrufe oder ungenutzte schreibende Rechte (siehe oben).',
  );
  return { text: lines.join('\n'), passed, counts };
}
