import { encodeClock, laterThan, parseClock, receive, tick, initialClock, type Hlc } from "../contracts/hlc.js";

/** One server instance's hybrid logical clock, advanced by every write it orders and every clock it sees. */
export class NodeClock {
  private current: Hlc;

  constructor(
    node: string,
    private readonly now: () => number,
    private readonly maxDriftMs: number,
  ) {
    this.current = initialClock(node);
  }

  get node(): string {
    return this.current.node;
  }

  /** The clock a write is ordered by: the caller's (checked for drift), else a fresh local one. */
  forWrite(callerClock: string | undefined): string {
    if (callerClock === undefined) {
      this.current = tick(this.current, this.now());
      return encodeClock(this.current);
    }
    const remote = parseClock(callerClock);
    this.current = receive(this.current, remote, this.now(), this.maxDriftMs);
    return encodeClock(remote);
  }

  /** A clock for the next committed change, later than every clock this instance has seen. */
  proposeCommit(): string {
    this.current = tick(this.current, this.now());
    return encodeClock(this.current);
  }

  /** The commit clock for a change after the user's latest one (`head`), from a proposal. */
  static commitAfter(head: string | null, proposal: string): string {
    return encodeClock(laterThan(head === null ? null : parseClock(head), parseClock(proposal)));
  }

  /** Clocks committed by other instances pull this one forward; they are ours, so no drift bound. */
  observe(encoded: string): void {
    this.current = receive(this.current, parseClock(encoded), this.now(), Number.POSITIVE_INFINITY);
  }
}
