/**
 * What a function may do with the table: named sets of DynamoDB actions, each for one kind of work the code does,
 * combined per function where its permissions are decided (lib/api-function-access.ts, the stacks' TASK_ACCESS).
 * Each function's sets follow from the commands its handler reaches through core/ and core/adapters/. IAM authorizes
 * a transaction's items one by one (PutItem, UpdateItem, DeleteItem, ConditionCheckItem), so TransactWriteItems has
 * no action of its own here. No Scan, no BatchGetItem and no DescribeTable: no code sends them.
 *
 * `unrehearsed` names the actions of a set that only a rare path needs, with that path: KimFunction writes them to
 * its role's metadata (GRANTED_UNUSED_METADATA) and the rehearsal's report shows the reason for each such grant the
 * scenario did not use, instead of counting it as unused.
 */
export type TableAction = 'GetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem' | 'BatchWriteItem';

export interface TableAccessSet {
  readonly actions: readonly TableAction[];
  /** Action → the rare path that needs it (shown by the rehearsal when the scenario did not take that path). */
  readonly unrehearsed?: Readonly<Partial<Record<TableAction, string>>>;
}

/** A function's table access: the sets it needs (none: TABLE_NAME in its environment, no grant). */
export type TableAccess = readonly TableAccessSet[];

/** Role metadata key: `{ "<service>:<Action>": "<why it is granted although the rehearsal may not see it used>" }`. */
export const GRANTED_UNUSED_METADATA = 'kim-flow:granted-unused';

/** Lists read by key condition, from the table or an index. */
export const QUERIES: TableAccessSet = { actions: ['Query'] };

/** Key lookups and lists: every read of the app. */
export const READS: TableAccessSet = { actions: ['GetItem', 'Query'] };

/** Single items by key only (the consent form reads the client and the case). */
export const LOOKUPS: TableAccessSet = { actions: ['GetItem'] };

/** A read of personal data is written to the case's history (core/casework/read-audit.ts): one new event item. */
export const READ_AUDIT: TableAccessSet = {
  actions: ['PutItem'],
  unrehearsed: { PutItem: 'Lesezugriffe auf Personendaten werden in der Fallhistorie vermerkt (core/casework/read-audit.ts), sobald ein Fall gezeigt wird.' },
};

/**
 * A change of a case or a referral (core/adapters/case-derived-writes.ts): the item under its version condition, its
 * history event, the list and activity entries as the case now stands (put, or deleted where it left a list), the
 * counters moved (update); a case without KPI facts yet is read first (its item and, from gsi2, its referrals).
 */
export const CASE_CHANGES: TableAccessSet = {
  actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'],
  unrehearsed: {
    GetItem: 'Fälle ohne KPI-Fakten (vor den Zählern angelegt) werden vor der ersten Änderung gelesen (core/adapters/kpi-aggregate-writes.ts).',
    Query: 'Fälle ohne KPI-Fakten: ihre Vermittlungen werden aus gsi2 gelesen (core/adapters/kpi-aggregate-writes.ts); Rückfragen nach Vermittlungen eines Falls.',
    UpdateItem: 'Zähler werden bewegt, wenn ein Fall seine Stelle in einer Liste oder Kennzahl ändert (core/adapters/case-list-entries.ts, kpi-aggregate-writes.ts).',
    DeleteItem: 'Ein Fall, der eine Liste verlässt (Abschluss, Übergabe, Zuständigkeit), verliert dort seinen Eintrag (core/adapters/case-list-entries.ts, case-activity-entries.ts).',
  },
};

/**
 * A waiting step keeps its task token on the case in one conditional update; only when that finds the case moved on
 * (the answer came before the wait) is the case read, with its open referrals, to answer the wait at once.
 */
export const TOKEN_WAIT: TableAccessSet = {
  actions: ['GetItem', 'Query', 'UpdateItem'],
  unrehearsed: {
    GetItem: 'Der Fall wird nur gelesen, wenn die Antwort vor dem Warten kam (core/workflow/await-assessment.ts).',
    Query: 'Dann werden seine offenen Vermittlungen gelesen, um das Warten sofort zu beantworten (core/workflow/referral-steps.ts listOpenReferrals).',
  },
};

/** Mails sent once (core/mail/notice-ledger.ts): a claim put, marked sent, and given back when the mail failed. */
export const NOTICE_CLAIMS: TableAccessSet = {
  actions: ['PutItem', 'UpdateItem', 'DeleteItem'],
  unrehearsed: {
    PutItem: 'Erinnerungen und Eskalationen werden vor dem Versand beansprucht (core/adapters/dynamo-notice-ledger.ts), nur wenn eine Frist abgelaufen ist.',
    UpdateItem: 'Ein beanspruchter Hinweis wird nach dem Versand als gesendet markiert (core/adapters/dynamo-notice-ledger.ts).',
    DeleteItem: 'Ein Anspruch wird nur zurückgegeben, wenn der Versand scheiterte (core/adapters/dynamo-notice-ledger.ts release).',
  },
};

/** An attribute set in place: a waiting step's task token, the retention date of a closed case. */
export const ITEM_UPDATES: TableAccessSet = { actions: ['UpdateItem'] };

/** Case record (contacts, notes, goals): items and their history, written only while the case is open (a check in the same transaction). */
export const RECORD_WRITES: TableAccessSet = {
  actions: ['PutItem', 'UpdateItem', 'ConditionCheckItem'],
  unrehearsed: {
    UpdateItem: 'Ein Ziel wird überprüft oder geändert (core/adapters/dynamo-case-record-repository.ts updateGoal).',
    ConditionCheckItem: 'Schreiben in die Falldokumentation prüft in derselben Transaktion, dass der Fall offen ist (dynamo-case-record-repository.ts caseIsOpen).',
  },
};

/** A referral is sent only while its consent stands: the send's claim checks the consent item in the same transaction. */
export const CONSENT_CHECK: TableAccessSet = {
  actions: ['ConditionCheckItem'],
  unrehearsed: { ConditionCheckItem: 'Der Versandanspruch einer Vermittlung prüft in derselben Transaktion die Einwilligung (dynamo-referral-repository.ts claimSend).' },
};

/**
 * Meetings, memberships, agenda items and guests: new items and changed ones (core/meetings/meeting-admin.ts); Jour
 * fixe topics, an accepted one put in one transaction with its meeting (core/adapters/dynamo-topic-repository.ts).
 */
export const MEETING_WRITES: TableAccessSet = {
  actions: ['PutItem', 'UpdateItem'],
  unrehearsed: { UpdateItem: 'Eine Mitgliedschaft wird gespeichert oder beendet (dynamo-meeting-repository.ts saveMember).' },
};

/** A meeting's minutes (core/meetings/minutes-release.ts): a correction that strikes an action item deletes it in the release's transaction. */
export const MINUTES_WRITES: TableAccessSet = {
  actions: ['DeleteItem'],
};

/** What follows the minutes (core/meetings/minutes-follow-up.ts): a reminded action item leaves the follow-up's index, a mailed edition's entry goes. */
export const MINUTES_FOLLOW_UP: TableAccessSet = {
  actions: ['UpdateItem', 'DeleteItem'],
};

/** One new item each, under a condition: an RSVP answer, a materialised occurrence, a sent-mail marker. */
export const CONDITIONAL_PUTS: TableAccessSet = { actions: ['PutItem'] };

/** Many items at once in batches (core/adapters/batch-writes.ts): sent-mail markers of a meeting, an erased case's items. */
export const BATCH_WRITES: TableAccessSet = { actions: ['BatchWriteItem'] };

/** Gap reports: a new report with its counter, a reviewed one with its counter moved. */
export const GAP_REPORT_WRITES: TableAccessSet = { actions: ['PutItem', 'UpdateItem'] };

/** The IAM actions (`dynamodb:<Action>`) of these sets and the reasons of their rare ones, each once. */
export function tableActions(access: TableAccess): { readonly actions: string[]; readonly unrehearsed: Map<string, string> } {
  const actions = [...new Set(access.flatMap((set) => set.actions))].map((action) => `dynamodb:${action}`);
  const unrehearsed = new Map<string, string>();
  for (const set of access) {
    for (const [action, reason] of Object.entries(set.unrehearsed ?? {})) {
      const name = `dynamodb:${action}`;
      unrehearsed.set(name, unrehearsed.has(name) ? `${unrehearsed.get(name) ?? ''} ${reason}` : reason);
    }
  }
  return { actions, unrehearsed };
}
