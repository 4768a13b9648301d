// The build the server answers from, and noticing a new one without a restart. A build swaps its output folder
// in atomically (engine/stages/08-publish), so a new build is a new pathcost.duckdb file: at most once per
// `checkEveryMs` a request looks at the file's identity (inode, size, mtime), and when it changed the new file
// is opened beside the old one and takes over. Each request holds the build it started on to the end (its
// queries, ETag and cache entry all come from one build); the old pool closes when its last request is done.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type KnownValues, readKnownValues } from './known.ts';
import { DB_FILE, ReadPool } from './read-pool.ts';
import { type BuildInfo, readBuildInfo } from './repositories/quality.ts';

/** A retired build closes at the latest this long after it was replaced, should a request never report back. */
const RETIRE_AFTER_MS = 60_000;

export class ServedBuild {
  private refs = 0;
  private retired = false;
  private closed = false;

  private constructor(
    readonly db: ReadPool,
    readonly info: BuildInfo,
    readonly known: KnownValues,
    /** Identity of the file opened (see fileIdentity). */
    readonly identity: string,
  ) {}

  static async open(dataDir: string, poolSize: number | undefined, identity: string): Promise<ServedBuild> {
    const db = await ReadPool.open(dataDir, poolSize);
    try {
      const [info, known] = await Promise.all([readBuildInfo(db), readKnownValues(db)]);
      return new ServedBuild(db, info, known, identity);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  acquire(): void {
    this.refs++;
  }

  release(): void {
    this.refs--;
    if (this.retired && this.refs <= 0) this.close();
  }

  /** Replaced by a newer build: close once the requests under way are answered. */
  retire(): void {
    this.retired = true;
    if (this.refs <= 0) this.close();
    else setTimeout(() => this.close(), RETIRE_AFTER_MS).unref();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}

/** Changes whenever the build's swap puts a new file in place; undefined while no file is there. */
export async function fileIdentity(dataDir: string): Promise<string | undefined> {
  try {
    const s = await stat(join(dataDir, DB_FILE));
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}

export interface LiveBuildOptions {
  poolSize?: number;
  /** How often (at most) a request checks for a new build; 0 checks on every request. */
  checkEveryMs?: number;
  /** Told when a new build takes over, or a new file could not be opened. */
  log?: (event: { run_id?: string; previous?: string; error?: unknown }, message: string) => void;
}

export class LiveBuild {
  private checkedAt = Date.now();
  private checking?: Promise<ServedBuild>;
  /** A file that failed to open is not tried again (a newer build replaces it). */
  private failed?: string;

  private constructor(
    readonly dataDir: string,
    private readonly options: LiveBuildOptions,
    private served: ServedBuild,
  ) {}

  static async open(dataDir: string, options: LiveBuildOptions = {}): Promise<LiveBuild> {
    const identity = (await fileIdentity(dataDir)) ?? 'missing';
    return new LiveBuild(dataDir, options, await ServedBuild.open(dataDir, options.poolSize, identity));
  }

  get current(): ServedBuild {
    return this.served;
  }

  /** The build a request should be answered from, after looking for a new one if it is time to. */
  async forRequest(): Promise<ServedBuild> {
    if (Date.now() - this.checkedAt < (this.options.checkEveryMs ?? 1000)) return this.served;
    this.checking ??= this.check().finally(() => (this.checking = undefined));
    return this.checking;
  }

  close(): void {
    this.served.close();
  }

  private async check(): Promise<ServedBuild> {
    this.checkedAt = Date.now();
    const identity = await fileIdentity(this.dataDir);
    // No file: the build is between its two renames, or the folder was removed; keep answering from the last.
    if (!identity || identity === this.served.identity || identity === this.failed) return this.served;
    try {
      const next = await ServedBuild.open(this.dataDir, this.options.poolSize, identity);
      const previous = this.served;
      this.served = next;
      previous.retire();
      this.options.log?.({ run_id: next.info.run_id, previous: previous.info.run_id }, 'serving a new build');
    } catch (error) {
      this.failed = identity;
      this.options.log?.({ error }, 'a new build could not be opened; still serving the previous one');
    }
    return this.served;
  }
}
