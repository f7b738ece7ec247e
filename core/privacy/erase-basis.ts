/**
 * On what legal basis a person's data is erased (Art. 17 DSGVO): the codes the erasure API takes and the tombstone
 * keeps, with the words the case page shows ("… gelöscht (Art. 17 DSGVO, auf Antrag)").
 *
 * Withdrawing the consent to processing given at intake (ClientRecord.consentToProcessingAt) is an erasure with
 * basis `consent-withdrawn`: KIM's processing rests on that consent alone, and no law obliges the district to keep a
 * counselling case (Art. 17(3)(b) does not apply; the funding requires anonymous figures only, which stay).
 */
export const ERASURE_BASES = ['request', 'consent-withdrawn', 'unlawful', 'legal-obligation'] as const;
export type ErasureBasis = (typeof ERASURE_BASES)[number];
export const isErasureBasis = (value: string): value is ErasureBasis => (ERASURE_BASES as readonly string[]).includes(value);

export const ERASURE_BASIS_LABELS: Readonly<Record<ErasureBasis, { readonly label: string; readonly short: string }>> = {
  request: { label: 'Antrag der Person (Art. 17 Abs. 1 DSGVO)', short: 'auf Antrag' },
  'consent-withdrawn': {
    label: 'Widerruf der Einwilligung in die Verarbeitung (Art. 7 Abs. 3, Art. 17 Abs. 1 lit. b DSGVO)',
    short: 'nach Widerruf der Einwilligung',
  },
  unlawful: { label: 'Unrechtmäßig verarbeitet, z. B. irrtümlich erfasst (Art. 17 Abs. 1 lit. d DSGVO)', short: 'wegen unrechtmäßiger Verarbeitung' },
  'legal-obligation': { label: 'Rechtliche Verpflichtung, z. B. Anordnung (Art. 17 Abs. 1 lit. e DSGVO)', short: 'aufgrund rechtlicher Verpflichtung' },
};
