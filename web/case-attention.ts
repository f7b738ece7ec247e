/**
 * A parked case ("Klärung nötig") on the case page (web/pages/fall.ts): why it parked, in the words of
 * core/cases/attention-labels.ts, and for the coordination the button "Fortsetzen", which lets the case go on from
 * its stage once the cause is fixed. The case manager reads that the coordination takes care of it.
 */
import type { CaseSummary } from '../core/casework/read-cases.ts';
import { MUNICIPALITY_CHANGED } from '../core/casework/correct-client-fields.ts';
import { attentionReason } from '../core/cases/attention-labels.ts';
import { STAGE_LABELS } from '../core/cases/case-labels.ts';
import type { ResumeAnswer } from '../functions/resume-case/schema.ts';
import { api } from './api.ts';
import { h, timeElement, type Child } from './dom.ts';
import { failureReport, showErrors } from './forms.ts';
import { hasRole, type Session } from './session.ts';
import type { RunAction } from './case-page.ts';

type Parked = Pick<CaseSummary, 'caseId' | 'stage' | 'attention'>;


/** The overview's entry "Klärung nötig": the reason and since when; nothing for a case that runs. */
export function attentionSummary(record: Parked): Child {
  if (record.attention === undefined) return undefined;
  return h('span', {}, attentionReason(record.stage, record.attention.step), ' Seit ', timeElement(record.attention.at), '.');
}

export function attentionSection(record: Parked, session: Session, act: RunAction): HTMLElement | undefined {
  if (record.attention === undefined) return undefined;
  const reason = h('p', { id: 'klaerung-grund' }, attentionReason(record.stage, record.attention.step));
  const heading = h('h2', {}, 'Klärung nötig');
  if (record.attention.step === MUNICIPALITY_CHANGED) {
    // The workflow runs on; what is due is a hand-over (web/case-handover.ts), not "Fortsetzen".
    return h(
      'section',
      {},
      heading,
      reason,
      hasRole(session, 'coordinator')
        ? h('p', {}, h('a', { href: '#uebergabe' }, 'Zur Übergabe'), ' – die Markierung entfällt mit der Übergabe.')
        : h('p', {}, 'Die Koordination ist gebeten, den Fall an eine zuständige Person zu übergeben; bis dahin arbeiten Sie wie gewohnt weiter.'),
    );
  }
  if (!hasRole(session, 'coordinator')) {
    return h('section', {}, heading, reason, h('p', {}, 'Der Ablauf des Falls ist angehalten. Die Koordination ist informiert und setzt ihn fort, sobald die Ursache behoben ist.'));
  }
  const summary = h('div', {});
  const hint = h(
    'p',
    { id: 'klaerung-hinweis' },
    `Beheben Sie zuerst die Ursache (zum Beispiel die E-Mail-Adresse des Dienstes im Profil). „Fortsetzen“ lässt den Fall dann ab seiner Phase „${STAGE_LABELS[record.stage]}“ weiterlaufen; bereits Erledigtes wird nicht wiederholt.`,
  );
  const button = h('button', { type: 'button', id: 'fortsetzen', 'aria-describedby': 'klaerung-grund klaerung-hinweis' }, 'Fortsetzen');
  button.addEventListener('click', () => {
    button.disabled = true;
    void act({
      busy: 'Der Fall wird fortgesetzt.',
      run: async () => {
        const answer = await api<ResumeAnswer>('POST', `/api/cases/${encodeURIComponent(record.caseId)}/resume`);
        return answer.resumed ? `Fall fortgesetzt: der Ablauf läuft ab der Phase „${STAGE_LABELS[record.stage]}“ weiter.` : 'Der Fall war bereits fortgesetzt worden; es wurde nichts doppelt gestartet.';
      },
      fail: (error) => {
        showErrors(summary, failureReport(error, () => undefined), { heading: 'h3' });
      },
    }).finally(() => {
      button.disabled = false;
    });
  });
  return h('section', {}, heading, reason, hint, summary, h('div', { class: 'aktionen' }, button));
}
