// Peak resident memory of this process (DuckDB runs in-process, so RSS includes its buffers), sampled
// while work runs; `reset` starts a new peak so each stage gets its own.
export class RssSampler {
  private peak = 0;
  private overall = 0;
  private timer: NodeJS.Timeout;

  constructor(intervalMs = 50) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): void {
    const rss = process.memoryUsage.rss();
    this.peak = Math.max(this.peak, rss);
    this.overall = Math.max(this.overall, rss);
  }

  /** Peak since the last reset, in MiB; starts a new window. */
  reset(): number {
    this.sample();
    const peak = this.peak;
    this.peak = 0;
    return Math.round(peak / 2 ** 20);
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return Math.round(this.overall / 2 ** 20);
  }
}
