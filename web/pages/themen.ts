// Topics for the Jour fixe. Case managers (and coordinators) propose a topic — title, short text, optionally a
// checked gap report — and follow their own ("Meine Themenvorschläge": proposed, on the agenda of which meeting,
// or declined and why). Coordinators see the proposed topics and put each on a coming meeting of its Jour fixe
// (the next one preselected) or decline it with a reason. The API enforces the same rules
// (core/meetings/meeting-topics.ts).
import type { MeetingRecord } from '../../core/meetings/meeting.ts';
import type { LinkableGapReport, TopicDecision } from '../../core/meetings/meeting-topics.ts';
import { topicStatusText, type MeetingTopic, type TopicPage } from '../../core/meetings/topic.ts';
import type { PublicProfile } from '../../core/profile/public-profile.ts';
import { api } from '../api.ts';
import { germanDateOf, TIME_ZONE } from '../dates.ts';
import { byId, h, replace } from '../dom.ts';
import { field } from '../forms.ts';
import { longWhen } from '../meeting-format.ts';
import { formField, selectField, submitForm, type FormField } from '../meeting-forms.ts';
import { moreButton } from '../paged-list.ts';
import { nameIn, publicProfile } from '../public-profile.ts';
import { hasRole } from '../session.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

const PAGE_SIZE = 20;

/** Puts a message above the lists and takes the focus there: what follows it was rebuilt. */
function tell(message: Element | null): void {
  if (!(message instanceof HTMLElement)) return;
  message.setAttribute('tabindex', '-1');
  replace(byId('meldung'), message);
  message.focus();
}

const success = (...content: (string | HTMLElement)[]): HTMLElement => h('div', { class: 'erfolg' }, h('p', {}, ...content));

function failure(error: unknown): Element | null {
  const box = h('div', {});
  showFailure(box, error);
  return box.firstElementChild;
}

/** A form of the page: the API's field errors beside their fields (the values stay), `done` after success. */
function topicForm(fields: readonly FormField[], buttonLabel: string, send: (values: Record<string, string>) => Promise<unknown>, done: (answer: unknown) => Promise<void>): HTMLFormElement {
  return submitForm(
    fields,
    buttonLabel,
    async (values) => {
      setStatus(`${buttonLabel}: wird gespeichert.`);
      try {
        return await send(values);
      } catch (error) {
        setStatus(`${buttonLabel}: das hat nicht geklappt.`);
        throw error;
      }
    },
    done,
  );
}

const proposedOn = (topic: MeetingTopic): HTMLTimeElement => h('time', { datetime: topic.createdAt }, germanDateOf(new Date(topic.createdAt), TIME_ZONE));

function proposeSection(profile: PublicProfile, linkable: readonly LinkableGapReport[], reload: () => Promise<void>): HTMLElement {
  const jourFixes = profile.bodies.filter((body) => body.kind === 'jourFixe');
  const title = formField('title', { label: 'Titel', required: true, hint: 'Höchstens 120 Zeichen.' });
  title.control.setAttribute('maxlength', '120');
  const text = formField('text', {
    label: 'Kurzbeschreibung',
    multiline: true,
    required: true,
    hint: 'Höchstens 1000 Zeichen. Bitte keine Namen von Personen und keine Fallnummern: ein angenommenes Thema geht mit der Einladung an alle Mitglieder.',
  });
  text.control.setAttribute('maxlength', '1000');
  const gapSelect = h('select', { name: 'gapReportId' }, h('option', { value: '' }, 'keine'), ...linkable.map((report) => h('option', { value: report.gapReportId }, report.title)));
  const gap: FormField = { name: 'gapReportId', label: 'Bezug zu einer Bedarfsmeldung', control: gapSelect, wrapper: field('thema-bedarfsmeldung', 'Bezug zu einer Bedarfsmeldung (freiwillig)', gapSelect, 'Nur von der Koordination geprüfte Meldungen.') };
  // With one Jour fixe the API takes it; only a district with several asks which.
  const body = jourFixes.length > 1 ? [selectField('bodyId', 'Jour fixe', jourFixes.map((b) => [b.id, b.name] as const))] : [];
  const fields = [...body, title, text, gap];
  const form = topicForm(
    fields,
    'Thema vorschlagen',
    (values) => api('POST', '/api/topics', values),
    async () => {
      const proposed = title.control.value.trim();
      for (const f of [title, text, gap]) f.control.value = '';
      await reload();
      tell(success(`Ihr Thema „${proposed}“ ist vorgeschlagen. Die Koordination entscheidet, ob es auf die Tagesordnung kommt.`));
    },
  );
  return h('section', { 'aria-labelledby': 'vorschlagen-titel' }, h('h2', { id: 'vorschlagen-titel' }, 'Thema vorschlagen'), form);
}

function mineRow(topic: MeetingTopic): HTMLTableRowElement {
  return h('tr', {}, h('th', { scope: 'row' }, topic.title), h('td', {}, proposedOn(topic)), h('td', {}, topicStatusText(topic, TIME_ZONE)));
}

function mineSection(first: TopicPage): HTMLElement {
  const title = h('h2', { id: 'meine-titel' }, 'Meine Themenvorschläge');
  if (first.topics.length === 0) return h('section', { 'aria-labelledby': 'meine-titel' }, title, h('p', {}, 'Sie haben noch kein Thema vorgeschlagen.'));
  const body = h('tbody', {}, ...first.topics.map(mineRow));
  const more = moreButton(first.next, {
    label: 'Ältere Vorschläge laden',
    load: async (cursor) => {
      const page = await api<TopicPage>('GET', `/api/topics?mine=true&limit=${String(PAGE_SIZE)}&cursor=${encodeURIComponent(cursor)}`);
      return { items: page.topics, ...(page.next === undefined ? {} : { next: page.next }) };
    },
    append: (topics) => {
      body.append(...topics.map(mineRow));
    },
  });
  return h(
    'section',
    { 'aria-labelledby': 'meine-titel' },
    title,
    h('table', {}, h('caption', {}, 'Ihre Themenvorschläge mit ihrem Stand, die neuesten zuerst'), h('thead', {}, h('tr', {}, ...['Thema', 'Vorgeschlagen am', 'Stand'].map((heading) => h('th', { scope: 'col' }, heading)))), body),
    more,
  );
}

/** A Jour fixe's coming meetings, read once per body for all its topics. */
function upcomingOf(): (bodyId: string) => Promise<MeetingRecord[]> {
  const read = new Map<string, Promise<MeetingRecord[]>>();
  return (bodyId) => {
    let meetings = read.get(bodyId);
    if (meetings === undefined) {
      meetings = api<{ meetings: MeetingRecord[] }>('GET', `/api/meetings?body=${encodeURIComponent(bodyId)}`).then((answer) =>
        answer.meetings.filter((m) => m.status === 'scheduled' && Date.parse(m.start) > Date.now()).sort((a, b) => a.start.localeCompare(b.start)),
      );
      read.set(bodyId, meetings);
    }
    return meetings;
  };
}

function decisionForms(topic: MeetingTopic, meetings: readonly MeetingRecord[], reload: () => Promise<void>): HTMLElement {
  const path = `/api/topics/${encodeURIComponent(topic.topicId)}`;
  const accept =
    meetings.length === 0
      ? h('p', {}, 'Für diesen Jour fixe ist keine kommende Sitzung geplant.')
      : topicForm(
          [selectField('meetingId', 'Sitzung', meetings.map((m) => [m.meetingId, longWhen(m)] as const))],
          'Auf die Tagesordnung',
          (values) => api('POST', `${path}/accept`, { version: topic.version, ...values }),
          async (answer) => {
            const decided = answer as TopicDecision;
            await reload();
            tell(
              success(
                `„${topic.title}“: ${topicStatusText(decided.topic, TIME_ZONE)}. Die Eingeladenen erhalten eine aktualisierte Einladung. `,
                h('a', { href: `/termin.html?id=${encodeURIComponent(decided.meeting?.meetingId ?? '')}` }, 'Zur Sitzung'),
              ),
            );
          },
        );
  const decline = topicForm(
    [formField('reason', { label: 'Begründung', multiline: true, required: true, hint: 'Die Person, die das Thema vorgeschlagen hat, liest sie.' })],
    'Ablehnen',
    (values) => api('POST', `${path}/decline`, { version: topic.version, ...values }),
    async () => {
      await reload();
      tell(success(`„${topic.title}“ ist abgelehnt. Wer es vorgeschlagen hat, sieht die Begründung.`));
    },
  );
  return h(
    'div',
    { class: 'entscheiden' },
    h('section', { 'aria-label': `Auf die Tagesordnung: ${topic.title}` }, h('h4', {}, 'Auf die Tagesordnung'), accept),
    h('section', { 'aria-label': `Ablehnen: ${topic.title}` }, h('h4', {}, 'Ablehnen'), decline),
  );
}

async function topicBlock(profile: PublicProfile, topic: MeetingTopic, upcoming: (bodyId: string) => Promise<MeetingRecord[]>, reload: () => Promise<void>): Promise<HTMLElement> {
  const titleId = `thema-${topic.topicId}`;
  return h(
    'article',
    { class: 'thema', 'aria-labelledby': titleId },
    h('h3', { id: titleId }, topic.title),
    h('p', {}, `Für ${nameIn(profile.bodies, topic.bodyId)} · vorgeschlagen am `, proposedOn(topic)),
    h('blockquote', {}, topic.text),
    topic.gapReportTitle !== undefined && h('p', {}, `Bezug: ${topic.gapReportTitle}`),
    decisionForms(topic, await upcoming(topic.bodyId), reload),
  );
}

async function coordinationSection(profile: PublicProfile, first: TopicPage, reload: () => Promise<void>): Promise<HTMLElement> {
  const title = h('h2', { id: 'vorgeschlagen-titel' }, 'Vorgeschlagene Themen');
  if (first.topics.length === 0) return h('section', { 'aria-labelledby': 'vorgeschlagen-titel' }, title, h('p', {}, 'Es liegen keine Themenvorschläge vor.'));
  const upcoming = upcomingOf();
  const list = h('div', {}, ...(await Promise.all(first.topics.map((topic) => topicBlock(profile, topic, upcoming, reload)))));
  const more = moreButton(first.next, {
    label: 'Weitere Vorschläge laden',
    load: async (cursor) => {
      const page = await api<TopicPage>('GET', `/api/topics?status=proposed&limit=${String(PAGE_SIZE)}&cursor=${encodeURIComponent(cursor)}`);
      return { items: await Promise.all(page.topics.map((topic) => topicBlock(profile, topic, upcoming, reload))), ...(page.next === undefined ? {} : { next: page.next }) };
    },
    append: (blocks) => {
      list.append(...blocks);
    },
  });
  return h('section', { 'aria-labelledby': 'vorgeschlagen-titel' }, title, h('p', {}, 'Die ältesten zuerst.'), list, more);
}

async function main(): Promise<void> {
  const start = await startPage(['casemanager', 'coordinator']);
  if (start === undefined) return;
  const coordinator = hasRole(start.session, 'coordinator');
  const profile = await publicProfile();
  const reload = async (): Promise<void> => {
    setStatus('Die Themen werden geladen.');
    try {
      const [mine, proposed] = await Promise.all([
        api<TopicPage>('GET', `/api/topics?mine=true&limit=${String(PAGE_SIZE)}`),
        coordinator ? api<TopicPage>('GET', `/api/topics?status=proposed&limit=${String(PAGE_SIZE)}`) : Promise.resolve(undefined),
      ]);
      replace(byId('meine'), mineSection(mine));
      if (proposed !== undefined) replace(byId('koordination'), await coordinationSection(profile, proposed, reload));
      setStatus('Die Themen sind geladen.');
    } catch (error) {
      tell(failure(error));
      setStatus('Die Themen konnten nicht geladen werden.');
    }
  };
  try {
    const { gapReports } = await api<{ gapReports: LinkableGapReport[] }>('GET', '/api/topics/gap-reports');
    replace(byId('vorschlagen'), proposeSection(profile, gapReports, reload));
  } catch (error) {
    tell(failure(error));
  }
  await reload();
}

void main();
