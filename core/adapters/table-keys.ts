/**
 * Every key of the single table is built here and nowhere else, so access patterns stay readable in one place.
 *
 * Access patterns so far:
 *  - get the district profile's settings            pk=DISTRICT            sk=PROFILE
 *  - get/list providers, services, bodies            pk=<KIND>#<id>         sk=<KIND>       gsi1: <KIND>S / <id>
 *  - get a staff member, list staff by role          pk=STAFF#<id>          sk=STAFF        gsi1: STAFF / <role>#<id>
 *  - list staff of a provider                                                              gsi2: PROVIDER#<id>#STAFF / <id>
 *  - list members of a body                          pk=BODY#<id>           sk=MEMBER#<memberId>
 */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export interface IndexedItemKey extends ItemKey {
  readonly gsi1pk?: string;
  readonly gsi1sk?: string;
  readonly gsi2pk?: string;
  readonly gsi2sk?: string;
}

export type CatalogueKind = 'PROVIDER' | 'SERVICE' | 'BODY';

export const tableKeys = {
  districtProfile: (): ItemKey => ({ pk: 'DISTRICT', sk: 'PROFILE' }),

  catalogueEntry: (kind: CatalogueKind, id: string): IndexedItemKey => ({
    pk: `${kind}#${id}`,
    sk: kind,
    gsi1pk: `${kind}S`,
    gsi1sk: id,
  }),
  catalogueList: (kind: CatalogueKind): { readonly gsi1pk: string } => ({ gsi1pk: `${kind}S` }),

  staff: (id: string, role: string, providerId: string | undefined): IndexedItemKey => ({
    pk: `STAFF#${id}`,
    sk: 'STAFF',
    gsi1pk: 'STAFF',
    gsi1sk: `${role}#${id}`,
    ...(providerId === undefined ? {} : { gsi2pk: `PROVIDER#${providerId}#STAFF`, gsi2sk: id }),
  }),

  bodyMember: (bodyId: string, memberId: string): ItemKey => ({ pk: `BODY#${bodyId}`, sk: `MEMBER#${memberId}` }),
  bodyMembersPrefix: (bodyId: string): { readonly pk: string; readonly skPrefix: string } => ({
    pk: `BODY#${bodyId}`,
    skPrefix: 'MEMBER#',
  }),
} as const;
