/** The case record's items — contacts, notes, goals — in their case's partition (keys: table-keys.ts). */
import type { ContactRecord, GoalRecord, NoteRecord } from '../../counselling/record.ts';
import { tableKeys } from '../table-keys.ts';
import { withoutRetention, type DynamoItem } from './table-attributes.ts';

export const toContactItem = (contact: ContactRecord): DynamoItem => ({
  ...tableKeys.contact(contact.caseId, contact.date, contact.recordedAt, contact.contactId),
  type: 'contact',
  ...contact,
});

export const toNoteItem = (note: NoteRecord): DynamoItem => ({ ...tableKeys.note(note.caseId, note.level, note.createdAt, note.noteId), type: 'note', ...note });

export const toGoalItem = (goal: GoalRecord): DynamoItem => ({ ...tableKeys.goal(goal.caseId, goal.goalId), type: 'goal', ...goal });

// Read as written (only these mappers write them).
export const fromContactItem = (item: DynamoItem): ContactRecord => withoutRetention(item) as unknown as ContactRecord;
export const fromNoteItem = (item: DynamoItem): NoteRecord => withoutRetention(item) as unknown as NoteRecord;
export const fromGoalItem = (item: DynamoItem): GoalRecord => withoutRetention(item) as unknown as GoalRecord;
