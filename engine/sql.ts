// SQL shaped by a pathway definition: values from the definition become bound parameters, never text.
import { type Params, listParam } from './db.ts';

export class SqlParams {
  readonly values: Params = {};
  private next = 0;
  constructor(private readonly prefix = 'p') {}

  /** A placeholder bound to `value`. */
  bind(value: string | number | readonly string[]): string {
    // DuckDB cannot type an empty list parameter; an empty list is a constant, not user text.
    if (Array.isArray(value) && value.length === 0) return `[]::varchar[]`;
    const name = `${this.prefix}${this.next++}`;
    this.values[name] = Array.isArray(value) ? listParam(value) : (value as string | number);
    return `$${name}`;
  }
}
