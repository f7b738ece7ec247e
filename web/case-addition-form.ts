/**
 * What the case page's forms for additions after the assessment share (web/case-consent-form.ts,
 * web/case-new-referral.ts): a labelled choice from a list, and a form that sends its request through the page's
 * action runner and shows the API's errors beside their fields and in its summary (web/action-form.ts).
 */
import type { CaseView } from './case-view.ts';
import { h } from './dom.ts';
import { field } from './forms.ts';
import { actionForm } from './action-form.ts';

export interface Option {
  readonly value: string;
  readonly label: string;
}

/** A labelled select (with a hint) as `.feld`; the first option is chosen unless `selected` names another. */
export function selectField(id: string, label: string, options: readonly Option[], hint?: string): { readonly element: HTMLDivElement; readonly select: HTMLSelectElement } {
  const select = h('select', { name: id }, ...options.map((option) => h('option', { value: option.value }, option.label)));
  return { element: field(id, label, select, hint), select };
}

export interface AdditionFormOptions {
  readonly fields: readonly HTMLElement[];
  readonly buttonLabel: string;
  /** Said after the label to screen readers only, where several such buttons are on the page (which referral). */
  readonly buttonContext?: string;
  readonly busy: string;
  /** The API's field names and where each error goes: the control's id and the field's name in the summary. */
  readonly place: Readonly<Record<string, { readonly elementId: string; readonly label: string }>>;
  /** Sends the request; resolves with what to tell the person. */
  readonly submit: () => Promise<string>;
}

export function additionForm(view: CaseView, options: AdditionFormOptions): HTMLFormElement {
  return actionForm({
    run: view.run,
    content: options.fields,
    place: options.place,
    submitLabel: h('span', {}, options.buttonLabel, options.buttonContext !== undefined && h('span', { class: 'visually-hidden' }, options.buttonContext)),
    busy: options.busy,
    submit: options.submit,
    heading: 'h4',
  });
}

/** The case manager of an open case adds to it (the coordination reads only). */
export const mayAdd = (view: CaseView): boolean => view.own && view.detail.case.stage !== 'closed';
