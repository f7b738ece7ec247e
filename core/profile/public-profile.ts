/**
 * The part of the district profile the web pages need to show names instead of ids: organisational data only,
 * no contact addresses or member e-mails. Written to the web build as `profile.json`.
 */
import type { DistrictProfile } from './schema.ts';

export interface PublicProfile {
  /** `timeZone`: the district's IANA zone, so pages say "today" and dates as the API judges them. */
  readonly district: { readonly name: string; readonly timeZone: string };
  readonly municipalities: readonly { id: string; name: string }[];
  readonly focusAreas: readonly { id: string; name: string; description: string }[];
  readonly needCategories: readonly { id: string; name: string }[];
  readonly providers: readonly { id: string; name: string; kind: string }[];
  readonly services: readonly { id: string; name: string; kind: string; needCategories: readonly string[]; dataFields: readonly string[] }[];
  readonly bodies: readonly { id: string; name: string; kind: string }[];
  /** The coded reasons for declining a referral (outcome form, case history). */
  readonly referralDeclineReasons: readonly { id: string; name: string; textRequired: boolean }[];
  readonly closureReasons: readonly { id: string; name: string }[];
}

export function publicProfile(profile: DistrictProfile): PublicProfile {
  return {
    district: { name: profile.district.name, timeZone: profile.district.timeZone },
    municipalities: profile.municipalities.map(({ id, name }) => ({ id, name })),
    focusAreas: profile.focusAreas.map(({ id, name, description }) => ({ id, name, description })),
    needCategories: profile.needCategories.map(({ id, name }) => ({ id, name })),
    providers: profile.providers.map(({ id, name, kind }) => ({ id, name, kind })),
    services: profile.services.map(({ id, name, kind, needCategories, dataFields }) => ({ id, name, kind, needCategories, dataFields })),
    bodies: profile.bodies.map(({ id, name, kind }) => ({ id, name, kind })),
    referralDeclineReasons: profile.referralDeclineReasons.map(({ id, name, textRequired }) => ({ id, name, textRequired: textRequired === true })),
    closureReasons: profile.closureReasons.map(({ id, name }) => ({ id, name })),
  };
}
