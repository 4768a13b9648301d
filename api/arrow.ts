// Arrow IPC stream built from DuckDB column reads (one array per column), never from row objects.
import { Bool, type DataType, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import type { ColumnResult } from '../engine/db.ts';
import { PathcostError } from '../engine/errors.ts';

function arrowType(duckType: string): DataType {
  if (duckType === 'VARCHAR' || duckType === 'DATE') return new Utf8();
  if (duckType === 'DOUBLE' || duckType.startsWith('DECIMAL')) return new Float64();
  if (duckType === 'INTEGER') return new Int32();
  if (duckType === 'BOOLEAN') return new Bool();
  // BIGINT arrives as strings from the JSON reader: repositories cast counts to INTEGER for this reason.
  throw new PathcostError('INTERNAL', `No Arrow mapping for DuckDB type ${duckType}.`, 'Cast the column in the repository SQL.');
}

export function toArrowStream(result: ColumnResult, omit: readonly string[] = []): Uint8Array {
  const vectors = Object.fromEntries(
    result.names.flatMap((name, i) => {
      if (omit.includes(name)) return [];
      const type = arrowType(result.types[i]);
      const values = type instanceof Float64 ? result.columns[i].map((v) => (v === null ? null : Number(v))) : result.columns[i];
      return [[name, vectorFromArray(values, type)]];
    }),
  );
  return tableToIPC(new Table(vectors), 'stream');
}
