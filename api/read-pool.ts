// One read-only DuckDB instance per process and a small pool of connections over it. A connection runs one
// statement at a time, so each request borrows one, and statements are prepared once per connection.
import { access } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { type ColumnResult, Db, type DbSession, type Params } from '../engine/db.ts';
import { PathcostError } from '../engine/errors.ts';

export const DB_FILE = 'pathcost.duckdb';

/** What the repositories need: small row reads and column reads, always parameterised. */
export interface ReadDb {
  all<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]>;
  columns(sql: string, params?: Params): Promise<ColumnResult>;
}

export class ReadPool implements ReadDb {
  private readonly idle: DbSession[];
  private readonly waiting: Array<(s: DbSession) => void> = [];

  private constructor(
    private readonly db: Db,
    private readonly sessions: DbSession[],
  ) {
    this.idle = [...sessions];
  }

  /** Opens `DIR/pathcost.duckdb` read-only; `size` defaults to 2 × cores (DESIGN §9: 2–4 × cores). */
  static async open(dataDir: string, size = 2 * availableParallelism()): Promise<ReadPool> {
    const path = join(dataDir, DB_FILE);
    try {
      await access(path);
    } catch {
      throw new PathcostError('NO_BUILD', `No ${DB_FILE} in ${dataDir}.`, 'Run `pathcost build` first, or point --data at the folder a build wrote.');
    }
    const db = await Db.open({ path, readOnly: true });
    const sessions = await Promise.all(Array.from({ length: Math.max(1, size) }, () => db.connect()));
    return new ReadPool(db, sessions);
  }

  get size(): number {
    return this.sessions.length;
  }

  all<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]> {
    return this.with((s) => s.all<T>(sql, params));
  }

  columns(sql: string, params?: Params): Promise<ColumnResult> {
    return this.with((s) => s.columns(sql, params));
  }

  close(): void {
    for (const s of this.sessions) s.close();
    this.db.close();
  }

  private async with<T>(work: (s: DbSession) => Promise<T>): Promise<T> {
    const session = this.idle.pop() ?? (await new Promise<DbSession>((resolve) => this.waiting.push(resolve)));
    try {
      return await work(session);
    } finally {
      const next = this.waiting.shift();
      if (next) next(session);
      else this.idle.push(session);
    }
  }
}
