/**
 * An agenda item's text from a head, a free text and a tail, cut to fit the agenda's limit (2000 bytes, as
 * POST /api/meetings/{id}/agenda takes it): only the free text is shortened, by grapheme, so no letter (or emoji) is
 * split and head and tail always reach the invitation. The full text stays with what the item stands for.
 */
import { utf8Bytes } from '../intake/text-rules.ts';

export const AGENDA_ITEM_MAX_BYTES = 2000;

export function fittedAgendaText(head: string, text: string | undefined, tail?: string, maxBytes = AGENDA_ITEM_MAX_BYTES): string {
  const joined = (body: string | undefined): string => [head, body, tail].filter((part) => part !== undefined && part !== '').join('\n');
  if (text === undefined) return joined(undefined);
  const graphemes = [...new Intl.Segmenter('de', { granularity: 'grapheme' }).segment(text)].map((part) => part.segment);
  let cut = text;
  while (utf8Bytes(joined(cut)) > maxBytes && graphemes.length > 0) {
    graphemes.splice(-20);
    cut = `${graphemes.join('').trimEnd()}…`;
  }
  return joined(cut);
}
