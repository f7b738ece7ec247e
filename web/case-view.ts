/**
 * What every section of the case page (web/pages/fall.ts and the web/case-*.ts sections) is built from: the case as
 * read, who looks at it, and how an action runs (the page reads the case again afterwards and says what happened).
 */
import type { CaseDetail } from '../core/casework/read-cases.ts';
import type { CaseRecordView } from '../core/counselling/case-record.ts';
import type { PublicProfile } from '../core/profile/public-profile.ts';
import type { RunAction } from './case-page.ts';
import { h, timeElement, type Child } from './dom.ts';
import type { Session } from './session.ts';

export type Referral = CaseDetail['referrals'][number];
export type Consent = CaseDetail['consents'][number];

export interface PageContext {
  readonly caseId: string;
  readonly session: Session;
  readonly profile: PublicProfile;
}

export interface CaseView extends PageContext {
  readonly detail: CaseDetail;
  /** The caller is the case's case manager: only they assess, record outcomes and close. */
  readonly own: boolean;
  readonly run: RunAction;
  /** The case's record (contacts, notes, goals), read beside the case; undefined when it could not be read. */
  readonly record?: CaseRecordView;
}

export const casePath = (caseId: string): string => `/api/cases/${encodeURIComponent(caseId)}`;

export const optionalTime = (iso: string | undefined): Child => (iso === undefined ? undefined : timeElement(iso));

/** A `dl.angaben` of the entries that have a value. */
export function definitionList(entries: readonly (readonly [string, Child])[]): HTMLDListElement {
  const shown = entries.filter(([, value]) => value !== undefined && value !== false && value !== '');
  return h('dl', { class: 'angaben' }, ...shown.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

export const section = (title: string, ...children: readonly Child[]): HTMLElement => h('section', {}, h('h2', {}, title), ...children);

/** Names and free text may be written right to left (Arabic, …): isolated, so the German around them stays in order. */
export const isolated = (text: string | undefined): Child => (text === undefined || text === '' ? undefined : h('bdi', {}, text));
