/** Answering a waiting workflow step (Step Functions' callback pattern), as a port. */
export interface TaskCallbacks {
  /**
   * 'gone' when no execution waits for this token any more (timed out, stopped, answered before); 'failed' when
   * Step Functions could not be reached. Neither undoes what the caller saved: the waiting step's next timer finds
   * the answer in the table and continues by itself.
   */
  succeed(taskToken: string, output: unknown): Promise<'delivered' | 'gone' | 'failed'>;
}
