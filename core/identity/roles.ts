/** The five roles of KIM Flow (Cognito groups in AWS), and their names as people in the Kreis say them. */
export const STAFF_ROLES = ['intake', 'casemanager', 'coordinator', 'admin', 'dpo'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_LABELS: Readonly<Record<StaffRole, string>> = {
  intake: 'Erstaufnahme',
  casemanager: 'Case-Management',
  coordinator: 'Koordination',
  admin: 'Administration',
  // The Datenschutzbeauftragte: sees who read and changed what, never the client data itself (issue 15).
  dpo: 'Datenschutz',
};
