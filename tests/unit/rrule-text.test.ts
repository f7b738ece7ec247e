import { describe, expect, it } from 'vitest';
import { rruleText } from '../../core/profile/rrule-text.ts';

describe('a recurrence rule in German words', () => {
  it.each([
    ['FREQ=MONTHLY;BYDAY=2TU,4TU', 'am 2. und 4. Dienstag im Monat'],
    ['FREQ=YEARLY;BYMONTH=5,11;BYDAY=2WE', 'am 2. Mittwoch im Mai und November'],
    ['FREQ=YEARLY;BYMONTH=1,4,7;BYDAY=2MO', 'am 2. Montag im Januar, April und Juli'],
    ['FREQ=WEEKLY;BYDAY=WE', 'jeden Mittwoch'],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH', 'alle 2 Wochen am Montag und Donnerstag'],
    ['FREQ=MONTHLY;BYDAY=-1FR', 'am letzten Freitag im Monat'],
    ['FREQ=MONTHLY;BYDAY=1MO,3WE', 'am 1. Montag und 3. Mittwoch im Monat'],
    ['FREQ=MONTHLY;INTERVAL=3;BYDAY=1TH', 'am 1. Donnerstag alle 3 Monate'],
    ['FREQ=MONTHLY;BYMONTHDAY=15', 'am 15. jedes Monats'],
  ])('%s → %s', (rule, text) => {
    expect(rruleText(rule)).toBe(text);
  });

  it.each(['FREQ=DAILY', 'FREQ=MONTHLY;BYDAY=2TU;COUNT=5', 'FREQ=WEEKLY;BYDAY=2TU', 'FREQ=MONTHLY;BYDAY=-2FR', 'FREQ=YEARLY;BYDAY=2WE', 'FREQ=YEARLY;BYMONTH=13;BYDAY=2WE', 'FREQ=MONTHLY', 'BYDAY=MO'])(
    'gives no text for %s (the page shows the rule itself)',
    (rule) => {
      expect(rruleText(rule)).toBeUndefined();
    },
  );
});
