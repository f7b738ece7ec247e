/**
 * The minutes (Protokoll) of a meeting: who attended, per agenda item the discussion in short, the decisions and the
 * action items (what, who — a member or a guest — until when). The coordination keeps one draft per meeting and
 * releases it as an edition: edition 1 is the minutes, every later edition a correction with its note. Each edition
 * is kept unchanged and mailed to everyone invited (minutes-follow-up.ts); open action items follow the body to its
 * next meetings and remind their owner before the due date.
 */

export interface Attendee {
  readonly name: string;
  readonly email: string;
  readonly kind: 'member' | 'guest';
  readonly present: boolean;
}

export interface Decision {
  readonly decisionId: string;
  readonly text: string;
}

export interface ActionOwner {
  readonly kind: 'member' | 'guest';
  readonly name: string;
  readonly email: string;
}

export interface ActionItem {
  readonly actionId: string;
  readonly what: string;
  readonly owner: ActionOwner;
  /** The day it is due (YYYY-MM-DD, in the district's zone). */
  readonly due: string;
}

export interface MinutesItem {
  /** The agenda item's id (AgendaItem.itemId); the carried open action items have their own, OPEN_ACTIONS_ITEM. */
  readonly itemId: string;
  readonly title: string;
  readonly discussion: string;
  readonly decisions: readonly Decision[];
  readonly actionItems: readonly ActionItem[];
}

/** The minutes item under which a meeting discusses the action items still open from earlier meetings. */
export const OPEN_ACTIONS_ITEM = 'offene-aufgaben';
export const OPEN_ACTIONS_TITLE = 'Offene Aufgaben aus früheren Sitzungen';

/** What a draft and an edition both hold. */
export interface MinutesContent {
  readonly attendance: readonly Attendee[];
  readonly items: readonly MinutesItem[];
}

export interface MinutesDraft extends MinutesContent {
  readonly meetingId: string;
  readonly bodyId: string;
  /** The meeting's start when the draft was begun (ISO): the minutes' date, and the start of its retention. */
  readonly meetingStart: string;
  /** Optimistic locking: every save and release is conditional on it. */
  readonly version: number;
  /** The last edition released (0: none yet). */
  readonly releasedEdition: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface MinutesEdition extends MinutesContent {
  readonly meetingId: string;
  readonly bodyId: string;
  readonly meetingStart: string;
  /** 1 for the minutes, 2… for each correction. */
  readonly edition: number;
  readonly releasedAt: string;
  readonly releasedBy: string;
  /** What a correction changed, in the coordination's words; required from edition 2 on. */
  readonly correctionNote?: string;
}

/**
 * An action item as the follow-up keeps it, apart from the editions: open until someone marks it done. Open ones are
 * listed on the body's later meetings; `remindOn` (due minus the reminder lead in working days) is when its owner is
 * reminded, cleared once the reminder went out.
 */
export interface TrackedAction extends ActionItem {
  readonly meetingId: string;
  readonly bodyId: string;
  /** The origin meeting's start (ISO): later meetings of the body list the action, earlier ones do not. */
  readonly meetingStart: string;
  readonly version: number;
  readonly remindOn?: string;
  readonly doneAt?: string;
  readonly doneBy?: string;
}

/** Every action item of a content, with the item it belongs to. */
export const actionItemsOf = (content: MinutesContent): ActionItem[] => content.items.flatMap((item) => item.actionItems);

/** GET/PUT /api/meetings/{id}/minutes and the release answer: what the minutes page shows. */
export interface MinutesView {
  readonly meeting: { readonly meetingId: string; readonly bodyId: string; readonly bodyName: string; readonly start: string; readonly end: string; readonly location: string; readonly status: 'scheduled' | 'cancelled' };
  /**
   * As saved; before the first save a fresh one (version 0) from the agenda and the answers (accepted: present).
   * Only for those who keep the minutes (coordination, administration): others read what was released.
   */
  readonly draft?: MinutesDraft;
  readonly editions: readonly Pick<MinutesEdition, 'edition' | 'releasedAt' | 'releasedBy' | 'correctionNote'>[];
  /** The last released edition in full (what was mailed), for printing. */
  readonly latest?: MinutesEdition;
  /** Who may own an action item: the meeting's members and guests (with the draft only). */
  readonly owners?: readonly ActionOwner[];
  /** Open action items from the body's earlier meetings (the OPEN_ACTIONS_ITEM of the draft discusses them). */
  readonly openActions: readonly TrackedAction[];
  /** Releasing needs the meeting to have begun; otherwise why not, in German. */
  readonly releaseBlockedBecause?: string;
}
