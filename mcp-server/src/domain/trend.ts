import { DAY_MS, round, type UtcOffset } from "./performance.js";

const HOUR_MS = 3_600_000;

export interface TrendPoint {
  /** When the bucket's local hour or day began. */
  from: string;
  attempts: number;
  /** Mean accuracy in the bucket; null when nothing was practised in it. */
  accuracy: number | null;
}

/** How a trend is cut: `buckets` local clock hours or calendar days, the last of them the one `now` is in. */
export interface TrendShape {
  buckets: number;
  unit: "hour" | "day";
}

const offsetMs = (utcOffset: UtcOffset, at: number) => (typeof utcOffset === "number" ? utcOffset : utcOffset(at)) * 60_000;

/**
 * Accuracy per local hour or day, ending with the one now is in, so today's practice is drawn
 * under today whatever the time. Buckets follow the person's clock, not the rolling window's start.
 */
export class Trend {
  private readonly unitMs: number;
  private readonly first: number;
  private readonly counts: number[];
  private readonly sums: number[];

  constructor(
    private readonly shape: TrendShape,
    private readonly now: number,
    private readonly utcOffset: UtcOffset,
  ) {
    this.unitMs = shape.unit === "hour" ? HOUR_MS : DAY_MS;
    this.first = this.unitOf(now) - (shape.buckets - 1);
    this.counts = new Array<number>(shape.buckets).fill(0);
    this.sums = new Array<number>(shape.buckets).fill(0);
  }

  /** The earliest moment a bucket covers: records before it are not drawn. */
  get from(): number {
    return this.startOf(this.first);
  }

  add(recordedAt: number, accuracy: number): void {
    if (recordedAt > this.now) return;
    const bucket = this.unitOf(recordedAt) - this.first;
    if (bucket < 0 || bucket >= this.shape.buckets) return;
    this.counts[bucket]!++;
    this.sums[bucket]! += accuracy;
  }

  points(): TrendPoint[] {
    return this.counts.map((attempts, i) => ({
      from: new Date(this.startOf(this.first + i)).toISOString(),
      attempts,
      accuracy: attempts ? round(this.sums[i]! / attempts) : null,
    }));
  }

  private unitOf(timestamp: number): number {
    return Math.floor((timestamp + offsetMs(this.utcOffset, timestamp)) / this.unitMs);
  }

  /** The instant a local unit began; the offset is read there, so a day after a clock change starts at its own midnight. */
  private startOf(unit: number): number {
    const local = unit * this.unitMs;
    const guess = local - offsetMs(this.utcOffset, local);
    return local - offsetMs(this.utcOffset, guess);
  }
}
