/** A body's schedule problem (a rule date that cannot be placed), in the body's partition, written once. */
import type { ScheduleProblem } from '../../meetings/meeting.ts';
import { tableKeys } from '../table-keys.ts';
import type { DynamoItem } from './table-attributes.ts';

export const toScheduleProblemItem = (problem: ScheduleProblem, now: Date): DynamoItem => ({
  ...tableKeys.scheduleProblem(problem.bodyId, problem.ruleDate),
  type: 'scheduleProblem',
  version: 1,
  ...problem,
  reportedAt: now.toISOString(),
});
