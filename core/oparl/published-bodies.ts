/**
 * Which bodies (Gremien) the public OParl feed shows. The rule belongs to the kind of body, not to a district's
 * profile, so no profile can publish a body by accident:
 *  - the Lenkungsgruppe, the Arbeitskreise and the Integrationskurskonferenz are the committees of the programme,
 *    with members from the Kreis's offices, welfare organisations and partners; their dates and agendas are what
 *    the Kreis's council information portal shows (the structural loop of KIM is public work);
 *  - the Jour fixe is the coordination's internal service meeting with the case managers (supervision, case
 *    discussions): it is never published, nor are its dates, agendas or memberships.
 * A new body kind fails to compile here until someone decides whether it is published.
 */
import type { Body, BodyKind, DistrictProfile } from '../profile/schema.ts';

export const PUBLISHED_BODY_KINDS: Readonly<Record<BodyKind, boolean>> = {
  jourFixe: false,
  steeringGroup: true,
  workingGroup: true,
  conference: true,
};

export const isPublishedBody = (body: Body): boolean => PUBLISHED_BODY_KINDS[body.kind];

export function publishedBodies(profile: DistrictProfile): Body[] {
  return profile.bodies.filter(isPublishedBody);
}

/** The body with this id if it is published; an unknown and an internal body look the same from outside. */
export function publishedBody(profile: DistrictProfile, bodyId: string): Body | undefined {
  return publishedBodies(profile).find((body) => body.id === bodyId);
}
