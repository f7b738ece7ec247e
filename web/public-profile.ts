/**
 * `/profile.json` (core/profile/public-profile.ts): names of municipalities, focus areas, need categories and
 * bodies, so pages show names instead of ids, and the district's time zone for "today". Fetched once per page.
 */
import type { PublicProfile } from '../core/profile/public-profile.ts';
import { ApiFailure } from './api.ts';

let loaded: Promise<PublicProfile> | undefined;

export function publicProfile(): Promise<PublicProfile> {
  loaded ??= fetch('/profile.json', { headers: { accept: 'application/json' } }).then((response) =>
    response.ok ? (response.json() as Promise<PublicProfile>) : Promise.reject(new ApiFailure(response.status, 'Die Stammdaten (profile.json) konnten nicht geladen werden. Bitte laden Sie die Seite neu.')),
  );
  return loaded;
}

/** The name of an entry of one of the profile's lists, or the id itself when the profile does not know it. */
export function nameIn(list: readonly { readonly id: string; readonly name: string }[], id: string | undefined): string {
  if (id === undefined) return '–';
  return list.find((entry) => entry.id === id)?.name ?? id;
}
