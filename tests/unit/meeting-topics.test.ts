/**
 * The pure parts of the Jour fixe topics: the input rules (one-line title, lengths in characters, no case number in
 * any spelling), the agenda item's text cut to the agenda's limit with head and tail kept, and the status line the
 * proposer reads. The use cases on the table: tests/integration/meeting-topics.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { utf8Bytes } from '../../core/intake/text-rules.ts';
import { AGENDA_ITEM_MAX_BYTES, fittedAgendaText } from '../../core/meetings/agenda-text.ts';
import { declineTopicInput, proposeTopicInput } from '../../core/meetings/topic-inputs.ts';
import { topicStatusText } from '../../core/meetings/topic.ts';

const fieldsOf = (raw: unknown): string[] => {
  const parsed = proposeTopicInput.safeParse(raw);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
};

describe('topic inputs', () => {
  it('takes a one-line title of up to 120 and a text of up to 1000 characters, umlauts counted as one', () => {
    expect(fieldsOf({ title: 'ä'.repeat(120), text: 'ü'.repeat(1000) })).toEqual([]);
    expect(fieldsOf({ title: 'ä'.repeat(121), text: 'ü'.repeat(1001) })).toEqual(['title', 'text']);
    expect(fieldsOf({ title: 'Zwei\nZeilen', text: 'Mehrere\nZeilen sind hier in Ordnung.' })).toEqual(['title']);
    expect(fieldsOf({ title: '   ', text: 'x' })).toEqual(['title']);
  });

  it('refuses a case number however it is typed', () => {
    for (const number of ['KIM-2026-7QK3M2XD', 'kim-2026-7qk3m2xd', 'KIM 2026 7QK3M2XD', 'KIM-2026-OLIU12AB']) {
      expect(fieldsOf({ title: 'Thema', text: `Bitte ${number} besprechen.` })).toEqual(['text']);
    }
    expect(fieldsOf({ title: 'KIM-Jahresbericht 2026', text: 'Der Bericht für 2026.' })).toEqual([]);
  });

  it('needs a reason to decline', () => {
    expect(declineTopicInput.safeParse({}).success).toBe(false);
    expect(declineTopicInput.safeParse({ reason: 'Passt besser in den AK Migration.' }).success).toBe(true);
  });
});

describe('the agenda item of a topic', () => {
  it('keeps title and gap report whole and cuts only the text, by grapheme, to the agenda’s limit', () => {
    const text = fittedAgendaText('Titel', '👩‍👩‍👧'.repeat(400), 'Bedarfsmeldung: Wohnen in Kreuzau (2)');
    expect(utf8Bytes(text)).toBeLessThanOrEqual(AGENDA_ITEM_MAX_BYTES);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Titel');
    expect(lines.at(-1)).toBe('Bedarfsmeldung: Wohnen in Kreuzau (2)');
    expect(lines[1]).toMatch(/^(👩‍👩‍👧)+…$/u);
    expect(fittedAgendaText('Titel', 'Kurz.')).toBe('Titel\nKurz.');
  });
});

describe('the status the proposer reads', () => {
  it('says proposed, on the agenda of the meeting on its day (Berlin), or declined with the reason', () => {
    expect(topicStatusText({ status: 'proposed' }, 'Europe/Berlin')).toBe('vorgeschlagen');
    const placement = { meetingId: 'jour-fixe-2027-03-09', agendaItemId: 'a', meetingStart: '2027-03-08T23:30:00.000Z' };
    expect(topicStatusText({ status: 'accepted', placement }, 'Europe/Berlin')).toBe('auf der Tagesordnung der Sitzung am 09.03.2027');
    expect(topicStatusText({ status: 'declined', declineReason: 'Im AK Migration.' }, 'Europe/Berlin')).toBe('abgelehnt: Im AK Migration.');
  });
});
