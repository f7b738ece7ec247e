/**
 * The hand-over's two fields, shared by the case page's section (web/case-handover.ts) and the coordination's page
 * "Übergabe" (web/pages/uebergabe.ts): to whom — "automatisch (geringste Auslastung)" or a case manager with provider
 * and caseload — and why. Labelled, with hints; the API's errors go beside them (`place`).
 */
import { AUTO_TARGET } from '../core/casework/hand-over-input.ts';
import type { PublicProfile } from '../core/profile/public-profile.ts';
import { h } from './dom.ts';
import { field, type PlacedProblem } from './forms.ts';
import { nameIn } from './public-profile.ts';

export interface TargetOption {
  readonly staffId: string;
  readonly name: string;
  readonly providerId: string;
  readonly openCases: number;
}

export interface HandoverFields {
  readonly target: HTMLSelectElement;
  readonly reason: HTMLTextAreaElement;
  readonly elements: readonly HTMLElement[];
  /** Where an error of the API's field `target` or `reason` goes. */
  readonly place: (fieldPath: string) => Omit<PlacedProblem, 'message'> | undefined;
}

export const TARGET_LABEL = 'Übergeben an';
export const REASON_LABEL = 'Grund der Übergabe';

export const openCasesText = (n: number): string => (n === 1 ? '1 offener Fall' : `${n} offene Fälle`);

export function targetOptionLabel(option: TargetOption, profile: PublicProfile): string {
  return `${option.name} – ${nameIn(profile.providers, option.providerId)} (${openCasesText(option.openCases)})`;
}

/** `prefix` keeps the ids apart where the page has several such forms. */
export function handoverFields(prefix: string, targets: readonly TargetOption[], profile: PublicProfile, targetHint: string): HandoverFields {
  const target = h(
    'select',
    { name: 'target', required: true },
    h('option', { value: AUTO_TARGET }, 'automatisch (geringste Auslastung)'),
    ...targets.map((t) => h('option', { value: t.staffId }, targetOptionLabel(t, profile))),
  );
  const reason = h('textarea', { name: 'reason', rows: 3, required: true });
  const ids = { target: `${prefix}-an`, reason: `${prefix}-grund` };
  return {
    target,
    reason,
    elements: [
      field(ids.target, TARGET_LABEL, target, targetHint),
      field(ids.reason, REASON_LABEL, reason, 'Pflichtangabe. Bitte ohne Namen oder andere persönliche Angaben: der Grund bleibt im Verlauf des Falls.'),
    ],
    place: (fieldPath) => (fieldPath === 'target' ? { elementId: ids.target, label: TARGET_LABEL } : fieldPath === 'reason' ? { elementId: ids.reason, label: REASON_LABEL } : undefined),
  };
}
