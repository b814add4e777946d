// This editor's hybrid logical clock: every change it sends is stamped later than anything it has
// sent or seen, so its own updates never lose to its older ones even if the wall clock steps back.
import { encodeClock, initialClock, parseClock, receive, tick, type Hlc } from "#contracts/hlc.js";

export class ClientClock {
  private current: Hlc;

  constructor(
    node: string,
    private readonly now: () => number = Date.now,
  ) {
    this.current = initialClock(node.replace(/[^A-Za-z0-9_.:-]/g, "-").slice(0, 64) || "vscode");
  }

  next(): string {
    this.current = tick(this.current, this.now());
    return encodeClock(this.current);
  }

  /** Clocks from other platforms (the sync feed) move this one forward. */
  observe(encoded: string): void {
    this.current = receive(this.current, parseClock(encoded), this.now(), Number.POSITIVE_INFINITY);
  }
}
