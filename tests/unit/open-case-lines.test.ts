import { describe, expect, it } from 'vitest';
import { openCaseLines } from '../../core/staff/open-case-lines.ts';

describe('npm run staff -- disable: the open cases of the person', () => {
  it('lists case numbers and stages, no more, and where the hand-over page is', () => {
    expect(
      openCaseLines('a1b2-c3', [
        { caseId: 'KIM-2026-7QK3M2XD', stage: 'awaiting-assessment' },
        { caseId: 'KIM-2026-ABCDEFGH', stage: 'monitoring' },
      ]),
    ).toEqual([
      'Achtung: 2 offene Fälle sind der Person noch zugeordnet; die Koordination muss sie übergeben:',
      '  KIM-2026-7QK3M2XD\tWartet auf Einschätzung',
      '  KIM-2026-ABCDEFGH\tIn Begleitung',
      'Übergabe: in KIM Flow als Koordination auf der Seite „Übergabe“ (/uebergabe.html?person=a1b2-c3), einzeln oder alle auf einmal.',
    ]);
  });

  it('says so when nothing is left, and speaks of one case in the singular', () => {
    expect(openCaseLines('x', [])).toEqual(['Der Person ist kein offener Fall mehr zugeordnet.']);
    expect(openCaseLines('x', [{ caseId: 'KIM-2026-7QK3M2XD', stage: 'referring' }])[0]).toBe('Achtung: 1 offener Fall ist der Person noch zugeordnet; die Koordination muss ihn übergeben:');
  });
});
