/**
 * The history lines of the case record (contacts, notes, goals, their reads): apart from web/case-history.ts so
 * that file stays one concept per screenful. The events carry codes and numbers only, never a note's text.
 */
import { CONTACT_FORM_LABELS, GOAL_STATUS_LABELS } from '../core/counselling/record.ts';
import type { PublicProfile } from '../core/profile/public-profile.ts';
import { labelOf } from './case-labels.ts';
import { nameIn } from './public-profile.ts';

interface RecordEvent {
  readonly kind: string;
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

const detail = (event: RecordEvent, key: string): string => String(event.details?.[key] ?? '');

/** The sentence for a record event; undefined for any other kind. */
export function describeRecordEvent(event: RecordEvent, profile: PublicProfile): string | undefined {
  switch (event.kind) {
    case 'contact-logged': {
      const interpreter = event.details?.interpreter === true ? ', mit Dolmetschung' : '';
      return `Beratungskontakt erfasst: ${labelOf(CONTACT_FORM_LABELS, detail(event, 'form'))}, ${detail(event, 'minutes')} Minuten${interpreter}`;
    }
    case 'note-written':
      return detail(event, 'level') === 'psychosocial' ? 'Psychosoziale Notiz geschrieben' : 'Notiz geschrieben';
    case 'goal-agreed':
      return `Ziel ${detail(event, 'goalId')} vereinbart (${nameIn(profile.needCategories, detail(event, 'needCategory'))})`;
    case 'goal-reviewed': {
      const moved = event.details?.targetDateMoved === true ? ', Zieldatum verschoben' : '';
      return `Ziel ${detail(event, 'goalId')} überprüft: ${labelOf(GOAL_STATUS_LABELS, detail(event, 'status'))}${moved}`;
    }
    case 'goal-reminder-sent':
      return `Ziel ${detail(event, 'goalId')}: Zieldatum überschritten, Erinnerung verschickt`;
    case 'record-read':
      return event.details?.supervision === true ? 'Dokumentation angesehen (Koordination)' : 'Dokumentation angesehen';
    default:
      return undefined;
  }
}
