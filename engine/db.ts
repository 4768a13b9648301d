// The only module that imports the DuckDB client. Stages talk to DuckDB through `Db`.
import { readFile } from 'node:fs/promises';
import { DuckDBInstance, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBValue, listValue, quotedString } from '@duckdb/node-api';
import { quoteIdent } from '../schemas/define.ts';
import { PathcostError } from './errors.ts';

// one identifier helper for the whole project: schemas/ builds DDL with it, and schemas imports nothing of ours
export { quoteIdent, quotedString as sqlString };

export type Params = Record<string, DuckDBValue>;

export interface DbOptions {
  /** Database file; omit for an in-memory database. */
  path?: string;
  readOnly?: boolean;
  /** DuckDB memory_limit, e.g. '4GB'. Spills to tempDirectory beyond it. */
  memoryLimit?: string;
  tempDirectory?: string;
  threads?: number;
}

/** Largest result a stage may bring into JavaScript; anything bigger stays in DuckDB. */
export const MAX_JS_ROWS = 100_000;

export class Db {
  /** Largest number of rows any single `all()` brought into JS (reported by the benchmark). */
  maxRowsToJs = 0;
  private constructor(
    readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    private readonly ownsInstance = true,
  ) {}

  static async open(options: DbOptions = {}): Promise<Db> {
    const config: Record<string, string> = {};
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    if (options.tempDirectory) config.temp_directory = options.tempDirectory;
    if (options.threads) config.threads = String(options.threads);
    const instance = await DuckDBInstance.create(options.path ?? ':memory:', config);
    const connection = await instance.connect();
    return new Db(instance, connection);
  }

  /** Run one statement; `params` bind to its `$name` placeholders. */
  async run(sql: string, params?: Params): Promise<void> {
    try {
      await this.connection.run(sql, usedParams(sql, params));
    } catch (err) {
      throw sqlError(err, sql);
    }
  }

  /** Run several `;`-separated statements that take no parameters. */
  async exec(sql: string): Promise<void> {
    await this.run(sql);
  }

  /** Run a `.sql` file holding exactly one parameterised statement (the client binds only the last). */
  async runFile(path: string | URL, params?: Params): Promise<void> {
    await this.run(await readSql(path), params);
  }

  /** Read a small result as JSON-safe row objects (BIGINT → string: cast in SQL where a number is wanted). */
  async all<T = Record<string, unknown>>(sql: string, params?: Params, maxRows = MAX_JS_ROWS): Promise<T[]> {
    let rows: T[];
    try {
      const reader = await this.connection.runAndReadAll(sql, usedParams(sql, params));
      if (reader.currentRowCount > maxRows) {
        throw new PathcostError('TOO_MANY_ROWS_FOR_JS', `A query returned ${reader.currentRowCount} rows into JavaScript (limit ${maxRows}).`, 'Aggregate in SQL, or write the result with COPY.');
      }
      rows = reader.getRowObjectsJson() as T[];
    } catch (err) {
      if (err instanceof PathcostError) throw err;
      throw sqlError(err, sql);
    }
    this.maxRowsToJs = Math.max(this.maxRowsToJs, rows.length);
    return rows;
  }

  async one<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T> {
    const rows = await this.all<T>(sql, params);
    if (rows.length !== 1) throw new PathcostError('INTERNAL', `Expected one row, got ${rows.length}.`, 'Report this as a bug.');
    return rows[0];
  }

  /** A further connection to the same instance, for concurrent readers (the API keeps a pool of them). */
  async connect(): Promise<DbSession> {
    return new DbSession(await this.instance.connect());
  }

  /**
   * A second connection to the same database, so that two statements can run at once (each on its own thread
   * when `threads` is 1). Session settings are its own; closing it closes only its connection.
   */
  async beside(): Promise<Db> {
    return new Db(this.instance, await this.instance.connect(), false);
  }

  close(): void {
    this.connection.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }
}

/**
 * Runs `work` with one DuckDB setting changed, then puts back its previous value. `name` is one of our own setting
 * names, never input; `threads` and `preserve_insertion_order` are global, so the change holds for every connection.
 */
export async function withSetting<T>(db: Db, name: string, value: boolean | number, work: () => Promise<T>): Promise<T> {
  const { previous } = await db.one<{ previous: string }>(`select current_setting(${quotedString(name)})::varchar as previous`);
  await db.run(`set ${name} = ${value}`);
  try {
    return await work();
  } finally {
    await db.run(`set ${name} = ${quotedString(previous)}`);
  }
}

/** Runs `work` with DuckDB free to write rows in any order (faster on two threads). */
export const inAnyOrder = <T>(db: Db, work: () => Promise<T>): Promise<T> => withSetting(db, 'preserve_insertion_order', false, work);

/** Column-wise result: names, DuckDB type names and one JSON-safe array per column (no row objects). */
export interface ColumnResult {
  names: string[];
  types: string[];
  columns: unknown[][];
}

/**
 * One connection used by one request at a time. Statements are prepared once per connection and reused,
 * so the API's fixed set of parameterised queries is parsed and planned only once each.
 */
export class DbSession {
  private readonly prepared = new Map<string, DuckDBPreparedStatement>();
  constructor(private readonly connection: DuckDBConnection) {}

  async all<T = Record<string, unknown>>(sql: string, params: Params = {}, maxRows = MAX_JS_ROWS): Promise<T[]> {
    const reader = await this.read(sql, params);
    if (reader.currentRowCount > maxRows) throw tooManyRows(reader.currentRowCount, maxRows);
    return reader.getRowObjectsJson() as T[];
  }

  async columns(sql: string, params: Params = {}, maxRows = MAX_JS_ROWS): Promise<ColumnResult> {
    const reader = await this.read(sql, params);
    if (reader.currentRowCount > maxRows) throw tooManyRows(reader.currentRowCount, maxRows);
    return { names: reader.columnNames(), types: reader.columnTypes().map(String), columns: reader.getColumnsJson() };
  }

  close(): void {
    for (const statement of this.prepared.values()) statement.destroySync();
    this.prepared.clear();
    this.connection.closeSync();
  }

  private async read(sql: string, params: Params) {
    try {
      let statement = this.prepared.get(sql);
      if (!statement) {
        statement = await this.connection.prepare(sql);
        this.prepared.set(sql, statement);
      }
      // Bindings persist between runs: clear them so a missing parameter fails instead of reusing the last value.
      statement.clearBindings();
      statement.bind(params);
      return await statement.runAndReadAll();
    } catch (err) {
      throw sqlError(err, sql);
    }
  }
}

function tooManyRows(count: number, limit: number): PathcostError {
  return new PathcostError('TOO_MANY_ROWS_FOR_JS', `A query returned ${count} rows into JavaScript (limit ${limit}).`, 'Aggregate in SQL, or write the result with COPY.');
}

export async function readSql(path: string | URL): Promise<string> {
  return readFile(path, 'utf8');
}

/** Only the parameters a statement names: DuckDB rejects values for placeholders it does not have. */
function usedParams(sql: string, params?: Params): Params | undefined {
  if (!params) return undefined;
  const used = Object.entries(params).filter(([name]) => new RegExp(`\\$${name}\\b`).test(sql));
  return used.length ? Object.fromEntries(used) : undefined;
}

function sqlError(err: unknown, sql: string): Error {
  const message = err instanceof Error ? err.message : String(err);
  const e = new PathcostError('SQL_FAILED', message, 'This is a bug or a resource limit; rerun with --debug for the statement.');
  e.debug = sql;
  return e;
}

/** A list of strings as one bound parameter (for `list_contains($codes, x)`). */
export function listParam(values: readonly string[]): DuckDBValue {
  return listValue([...values]);
}
