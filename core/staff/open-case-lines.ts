/**
 * What `npm run staff -- disable` says about the open cases the person still owns: case number and stage only (no
 * personal data on an operator's terminal), and where the coordination hands them over (the page "Übergabe").
 */
import type { CaseRecord } from '../cases/case.ts';
import { STAGE_LABELS } from '../cases/case-labels.ts';

/** The hand-over page with the person chosen; relative, since the command does not know the stage's web address. */
export const handOverPage = (staffId: string): string => `/uebergabe.html?person=${encodeURIComponent(staffId)}`;

export function openCaseLines(staffId: string, cases: readonly Pick<CaseRecord, 'caseId' | 'stage'>[]): string[] {
  if (cases.length === 0) return ['Der Person ist kein offener Fall mehr zugeordnet.'];
  return [
    `Achtung: ${cases.length === 1 ? '1 offener Fall ist' : `${cases.length} offene Fälle sind`} der Person noch zugeordnet; die Koordination muss ${cases.length === 1 ? 'ihn' : 'sie'} übergeben:`,
    ...cases.map((c) => `  ${c.caseId}\t${STAGE_LABELS[c.stage]}`),
    `Übergabe: in KIM Flow als Koordination auf der Seite „Übergabe“ (${handOverPage(staffId)}), einzeln oder alle auf einmal.`,
  ];
}
