// Sends a burst of RPCs in slices, one slice per turn of the event loop, in the order they were asked for.
//
// Node writes HTTP/2 frames between turns of the event loop, so RPCs started in one long synchronous burst (the
// 1,000 Reads of a refresh when the plugin becomes ready, the Diffs of a burst of Read answers) all reach the plugin
// when the burst ends: the plugin waits while the driver builds them, then the driver waits while the plugin works.
// Starting at most `slice` of them per turn lets each slice go out while the next is built, so both processes work
// at once. Only when the RPCs start changes: their order, their contents and their number do not.

export class Pacer {
  private inTurn = 0;
  private readonly queue: (() => void)[] = [];
  private draining = false;

  constructor(private readonly slice: number) {}

  /** Runs `start` now if this turn's slice has room and nothing is waiting, else after what is waiting. */
  run(start: () => void): void {
    if (this.queue.length === 0 && this.take()) start();
    else {
      this.queue.push(start);
      this.drainLater();
    }
  }

  /** Counts one start against this turn's slice; the count resets at the next turn. */
  private take(): boolean {
    if (this.inTurn === 0) setImmediate(() => (this.inTurn = 0));
    if (this.inTurn >= this.slice) return false;
    this.inTurn++;
    return true;
  }

  private drainLater(): void {
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.draining = false;
    this.inTurn = 0;
    while (this.queue.length > 0 && this.take()) this.queue.shift()!();
    if (this.queue.length > 0) this.drainLater();
  }
}
