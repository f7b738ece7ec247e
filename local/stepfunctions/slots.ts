/** A counting semaphore: at most `size` at once, the rest in arrival order (the engine's task invocations). */
export class Slots {
  private free: number;
  private readonly queue: (() => void)[] = [];

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`taskConcurrency must be a positive whole number, got ${size}`);
    this.free = size;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.queue.push(resolve));
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, or becomes free.
      const next = this.queue.shift();
      if (next === undefined) this.free += 1;
      else next();
    }
  }
}
