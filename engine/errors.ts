// One table of error codes. Bad rows are data (quarantine), not exceptions: these are for failures.
export const ERROR_CODES = {
  INPUT_NOT_FOUND: 'An input folder or file does not exist.',
  BAD_FILE: 'A feed file cannot be read as CSV or Parquet (encoding, delimiter, header, columns).',
  MISSING_COLUMN: 'A required canonical column is absent from a feed.',
  BAD_MAPPING: 'A mapping file is invalid.',
  BAD_DEFINITION: 'A pathway definition does not match the schema.',
  BAD_OPTION: 'A command-line option or API parameter is invalid.',
  MISSING_REQUIRED_FEED: 'The input has no file, or no data row, for a feed every build needs (patients, apc_spells).',
  FEED_FILE_MISNAMED: 'A feed has no file, but a file no feed reads looks like it (a misspelt or copied name).',
  FEED_MOSTLY_QUARANTINED: "More than the allowed share of a feed's rows were quarantined (a file in a format the build does not read).",
  INPUT_CHANGED: 'An input file was replaced or changed while the build read it.',
  INPUT_SHRANK: "A feed has fewer rows than the configured share of the previous build's.",
  NO_ACTIVITY_IN_MONTHS: 'The months asked for hold no activity in the input.',
  STRICT_QUARANTINE: 'Rows were quarantined and --strict was given.',
  RECONCILIATION_FAILED: 'A reconciliation cell (pathway × feed × provider × month) differs by more than £0.01.',
  TOO_MANY_ROWS_FOR_JS: 'A query tried to bring too many rows into JavaScript.',
  NO_BUILD: 'No built output was found where one was expected.',
  OUTPUT_NOT_A_BUILD: 'The output folder is or holds the input, is the working folder, or holds files a build does not write (a build replaces it whole).',
  SQL_FAILED: 'DuckDB failed to run a statement.',
  INTERNAL: 'An internal invariant failed.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorWhere {
  feed?: string;
  file?: string;
  row?: number;
  column?: string;
}

export class PathcostError extends Error {
  debug?: string;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint: string,
    readonly where: ErrorWhere = {},
  ) {
    super(message);
    this.name = 'PathcostError';
  }

  /** One line for a person: where, what, and what to do. */
  describe(): string {
    const { feed, file, row, column } = this.where;
    const at = [file ?? feed, row !== undefined ? `line ${row}` : '', column ? `column ${column}` : ''].filter(Boolean).join(', ');
    return `${at ? `${at}: ` : ''}${this.message}\n  → ${this.hint}`;
  }
}
