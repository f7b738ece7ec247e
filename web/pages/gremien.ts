// The bodies (Gremien) of the profile: rhythm, time and place, and who is invited to their meetings — current and
// ended memberships in tables of their own. The coordination adds members and changes or ends a membership; the
// other staff read (the API checks it too).
import { localDate } from '../../core/calendar/local-date.ts';
import { STAFF_ROLES } from '../../core/identity/roles.ts';
import type { BodyOverview } from '../../core/meetings/memberships.ts';
import type { BodyMember } from '../../core/profile/demo-data-schema.ts';
import { rruleText } from '../../core/profile/rrule-text.ts';
import { api } from '../api.ts';
import { germanDate, TIME_ZONE } from '../dates.ts';
import { byId, h, replace } from '../dom.ts';
import { formField, selectField, submitForm, type FormField } from '../meeting-forms.ts';
import { hasRole } from '../session.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

const today = localDate(new Date(), TIME_ZONE);

/** "10:00–12:00 Uhr" from the body's start and duration. */
function timeText(body: Pick<BodyOverview, 'start' | 'durationMinutes'>): string {
  const [hours = 0, minutes = 0] = body.start.split(':').map(Number);
  const end = hours * 60 + minutes + body.durationMinutes;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${body.start}–${pad(Math.floor(end / 60) % 24)}:${pad(end % 60)} Uhr`;
}

const roleName = (body: BodyOverview, roleId: string): string => body.memberRoles.find((r) => r.id === roleId)?.name ?? roleId;

/** What a change did, focused so screen readers read it (the bodies below were rebuilt). */
function announce(container: HTMLElement, content: HTMLElement): void {
  content.setAttribute('tabindex', '-1');
  replace(container, content);
  content.focus();
}

/**
 * A membership form (add, or change one): the API's German field errors next to their fields with the values kept;
 * on success the page is loaded anew and says what happened.
 */
function membershipForm(body: BodyOverview, member: BodyMember | undefined, reload: (message: string) => Promise<void>): HTMLFormElement {
  const role = selectField('roleId', 'Rolle', body.memberRoles.map((r) => [r.id, r.name] as const));
  if (member !== undefined) role.control.value = member.roleId;
  const fields: FormField[] = [
    formField('name', { label: 'Name', required: true, autocomplete: 'name', value: member?.name }),
    formField('email', { label: 'E-Mail-Adresse', type: 'email', required: true, autocomplete: 'email', value: member?.email }),
    role,
    formField('from', { label: 'Mitglied ab', type: 'date', required: true, value: member?.from ?? today }),
    formField('to', { label: 'Mitglied bis', type: 'date', value: member?.to, hint: 'Leer lassen, solange die Mitgliedschaft läuft. Ab dem Tag danach wird die Person nicht mehr eingeladen.' }),
  ];
  const bodyPath = `/api/bodies/${encodeURIComponent(body.id)}/members`;
  return submitForm(
    fields,
    member === undefined ? 'Mitglied eintragen' : 'Änderung speichern',
    (values) => (member === undefined ? api<BodyMember>('POST', bodyPath, values) : api<BodyMember>('PUT', `${bodyPath}/${encodeURIComponent(member.id)}`, values)),
    (saved) => reload(member === undefined ? `${saved.name} ist jetzt Mitglied im Gremium „${body.name}“.` : `Die Mitgliedschaft von ${saved.name} im Gremium „${body.name}“ wurde gespeichert.`),
  );
}

function memberTable(body: BodyOverview, caption: string, members: readonly BodyMember[], edit: ((member: BodyMember) => void) | undefined): HTMLTableElement {
  const columns = ['Name', 'E-Mail-Adresse', 'Rolle', 'Von', 'Bis', ...(edit === undefined ? [] : ['Aktion'])];
  return h(
    'table',
    { class: 'mitglieder' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...columns.map((label) => h('th', { scope: 'col' }, label)))),
    h(
      'tbody',
      {},
      ...members.map((member) => {
        let change: HTMLButtonElement | undefined;
        if (edit !== undefined) {
          change = h('button', { type: 'button', class: 'secondary' }, 'Ändern', h('span', { class: 'visually-hidden' }, `: ${member.name}`));
          change.addEventListener('click', () => {
            edit(member);
          });
        }
        return h(
          'tr',
          {},
          h('th', { scope: 'row', dir: 'auto' }, member.name),
          h('td', {}, member.email),
          h('td', {}, roleName(body, member.roleId)),
          h('td', {}, germanDate(member.from), member.from > today && ' ', member.from > today && h('span', { class: 'marke warnung' }, 'künftig')),
          h('td', {}, member.to === undefined ? 'offen' : germanDate(member.to)),
          change !== undefined && h('td', {}, change),
        );
      }),
    ),
  );
}

function bodySection(body: BodyOverview, canChange: boolean, reload: (message: string) => Promise<void>): HTMLElement {
  const headingId = `gremium-${body.id}`;
  const byName = [...body.members].sort((a, b) => a.name.localeCompare(b.name, 'de'));
  const ended = byName.filter((m) => m.to !== undefined && m.to < today);
  const current = byName.filter((m) => !ended.includes(m));
  const editArea = h('div', {});
  const edit = (member: BodyMember): void => {
    const heading = h('h3', { id: `aendern-${body.id}`, tabindex: -1 }, `Mitgliedschaft von ${member.name} ändern`);
    const close = h('button', { type: 'button', class: 'secondary' }, 'Abbrechen');
    close.addEventListener('click', () => {
      replace(editArea);
    });
    replace(editArea, h('section', { class: 'aktion', 'aria-labelledby': `aendern-${body.id}` }, heading, membershipForm(body, member, reload), close));
    heading.focus();
  };
  const rhythm = rruleText(body.rrule);
  return h(
    'section',
    { class: 'gremium', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, body.name),
    h(
      'dl',
      { class: 'eckdaten' },
      h('dt', {}, 'Rhythmus'),
      h('dd', {}, rhythm ?? h('code', {}, body.rrule)),
      h('dt', {}, 'Zeit'),
      h('dd', {}, timeText(body)),
      h('dt', {}, 'Ort'),
      h('dd', {}, body.location),
    ),
    current.length === 0 ? h('p', {}, 'Zurzeit keine Mitglieder.') : memberTable(body, `Aktuelle Mitglieder: ${body.name}`, current, canChange ? edit : undefined),
    ended.length > 0 && h('details', { class: 'fruehere' }, h('summary', {}, `Beendete Mitgliedschaften (${String(ended.length)})`), memberTable(body, `Beendete Mitgliedschaften: ${body.name}`, ended, canChange ? edit : undefined)),
    editArea,
    canChange && h('details', { class: 'aktion' }, h('summary', {}, 'Mitglied eintragen'), membershipForm(body, undefined, reload)),
  );
}

async function main(): Promise<void> {
  const start = await startPage(STAFF_ROLES);
  if (start === undefined) return;
  const canChange = hasRole(start.session, 'coordinator');
  if (!canChange) replace(byId('hinweis'), h('p', { class: 'hinweis' }, 'Sie sehen die Gremien und ihre Mitglieder. Mitgliedschaften trägt die Koordination ein.'));
  const render = async (message?: string): Promise<void> => {
    const { bodies } = await api<{ bodies: BodyOverview[] }>('GET', '/api/bodies');
    // Saved, but the page could not be loaded anew: that is said at the top, not as the form's error.
    const reload = (text: string): Promise<void> =>
      render(text).catch((error: unknown) => {
        showFailure(byId('meldung'), error);
      });
    replace(byId('gremien'), ...bodies.map((body) => bodySection(body, canChange, reload)));
    if (message !== undefined) announce(byId('meldung'), h('div', { class: 'erfolg' }, h('p', {}, message)));
    setStatus(message === undefined ? 'Die Gremien wurden geladen.' : 'Die Gremien wurden neu geladen.');
  };
  setStatus('Die Gremien werden geladen.');
  try {
    await render();
  } catch (error) {
    showFailure(byId('gremien'), error);
    setStatus('Die Gremien konnten nicht geladen werden.');
  }
}

void main();
