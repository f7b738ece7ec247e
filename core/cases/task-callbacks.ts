/** Answering a waiting workflow step (Step Functions' callback pattern), as a port. */
export interface TaskCallbacks {
  /** 'gone' when no execution waits for this token any more (timed out, stopped, answered before). */
  succeed(taskToken: string, output: unknown): Promise<'delivered' | 'gone'>;
}
