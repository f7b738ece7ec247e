/**
 * A body's recurrence rule in German words ("am 2. und 4. Dienstag im Monat") for the pages that show the rhythm.
 * Only the subset the profiles use (FREQ, INTERVAL, BYDAY with or without ordinals, BYMONTH, BYMONTHDAY); any other
 * rule gets no text, and the caller shows the rule itself rather than a wrong sentence.
 */
const WEEKDAY_NAMES: Readonly<Record<string, string>> = { MO: 'Montag', TU: 'Dienstag', WE: 'Mittwoch', TH: 'Donnerstag', FR: 'Freitag', SA: 'Samstag', SU: 'Sonntag' };
const MONTH_NAMES = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
const KNOWN_KEYS = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTH', 'BYMONTHDAY']);
const BYDAY_ENTRY = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/;

/** "a", "a und b", "a, b und c". */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} und ${items.at(-1) ?? ''}`;
}

/** "2. und 4. Dienstag", "letzten Freitag", "Montag und Mittwoch"; undefined for an entry outside the subset. */
function daysText(byDay: string): string | undefined {
  const groups = new Map<string, string[]>();
  for (const entry of byDay.split(',')) {
    const match = BYDAY_ENTRY.exec(entry);
    if (match === null) return undefined;
    const [, ordinal, day = ''] = match;
    const ordinalText = ordinal === undefined ? '' : ordinal === '-1' ? 'letzten' : /^\+?[1-5]$/.test(ordinal) ? `${ordinal.replace('+', '')}.` : undefined;
    if (ordinalText === undefined) return undefined;
    groups.set(day, [...(groups.get(day) ?? []), ordinalText]);
  }
  return listed([...groups].map(([day, ordinals]) => [listed(ordinals.filter((o) => o !== '')), WEEKDAY_NAMES[day]].filter((part) => part !== '').join(' ')));
}

const hasOrdinal = (byDay: string): boolean => /\d/.test(byDay);

export function rruleText(rule: string): string | undefined {
  const parts = new Map(rule.split(';').map((part) => part.split('=') as [string, string | undefined]));
  if ([...parts.keys()].some((key) => !KNOWN_KEYS.has(key)) || [...parts.values()].some((value) => value === undefined || value === '')) return undefined;
  const interval = Number(parts.get('INTERVAL') ?? '1');
  const byDay = parts.get('BYDAY');
  const days = byDay === undefined ? undefined : daysText(byDay);
  if (!Number.isInteger(interval) || interval < 1 || (byDay !== undefined && days === undefined)) return undefined;
  const monthDays = parts.get('BYMONTHDAY');
  if (monthDays !== undefined && (byDay !== undefined || !/^([1-9]|[12]\d|3[01])(,([1-9]|[12]\d|3[01]))*$/.test(monthDays))) return undefined;
  const months = parts.get('BYMONTH')?.split(',').map((m) => MONTH_NAMES[Number(m) - 1]);
  if (months?.some((m) => m === undefined) === true) return undefined;
  const on = days !== undefined ? `am ${days}` : monthDays === undefined ? undefined : `am ${listed(monthDays.split(',').map((d) => `${d}.`))}`;
  switch (parts.get('FREQ')) {
    case 'WEEKLY':
      if (days === undefined || hasOrdinal(byDay ?? '') || months !== undefined || monthDays !== undefined) return undefined;
      return interval === 1 ? `jeden ${days}` : `alle ${String(interval)} Wochen am ${days}`;
    case 'MONTHLY': {
      if (on === undefined || months !== undefined) return undefined;
      const every = interval === 1 ? (days === undefined ? 'jedes Monats' : 'im Monat') : `alle ${String(interval)} Monate`;
      return `${on} ${every}`;
    }
    case 'YEARLY':
      if (on === undefined || months === undefined || interval !== 1) return undefined;
      return `${on} im ${listed(months as string[])}`;
    default:
      return undefined;
  }
}
