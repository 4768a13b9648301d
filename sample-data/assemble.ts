// Assembles each activity feed from its background SQL (one row per person × k, streamed from the persons
// Parquet file in order) and its pathway table (small, materialised), then applies faults and casts every
// column to its schema type. Order is explicit: background lines first (line = offset + k + 1), then pathway
// lines in (person, episode, event) order; DuckDB keeps that order when preserve_insertion_order is on.
import { quoteIdent } from '../schemas/define.ts';
import type { ActivityFeed } from './feeds.ts';
import { finalColumns } from './faults.ts';

const HELPERS = ['_pno', '_line', '_fault'];

export const pathwayTable = (feed: ActivityFeed): string => quoteIdent(`pw_${feed.spec.name}`);
export const backgroundRowsVariable = (feed: ActivityFeed): string => `n_bg_${feed.key}`;

/**
 * The pathway rows of a feed as a table, numbered after the background lines. A duplicate_id fault row is
 * an exact copy of the row on the line before it.
 */
export function pathwayTableSql(feed: ActivityFeed, pathwaySelect: string): string {
  const cols = Object.keys(feed.spec.columns).map(quoteIdent);
  const nBg = `getvariable('${backgroundRowsVariable(feed)}')`;
  return `create or replace table ${pathwayTable(feed)} as
with c as (
  select ${cols.join(', ')}, _pno, (${nBg} + row_number() over (order by _pno, _ep, _j))::bigint as _line
  from (${pathwaySelect})
), f as (
  select *, fault_${feed.spec.name}(_line, _line = ${nBg} + 1) as _fault from c
)
select ${cols.map((c) => `if(f._fault = 'duplicate_id', p.${c}, f.${c}) as ${c}`).join(', ')}, f._pno, f._line, f._fault
from f left join c p on p._line = f._line - 1
order by f._line`;
}

/** Background then pathway rows, canonical columns first, helper columns (_pno, _line, _fault) last. */
export function cleanSql(feed: ActivityFeed, backgroundSelect: string): string {
  const cols = [...Object.keys(feed.spec.columns).map(quoteIdent), ...HELPERS].join(', ');
  const background = `select ${cols} from (${backgroundSelect})`;
  if (!feed.pathway) return background;
  return `(${background})\nunion all\n(select ${cols} from ${pathwayTable(feed)} order by _line)`;
}

export function finalSql(feed: ActivityFeed, clean: string, withFaults: boolean): string {
  return `select ${finalColumns(feed, withFaults).join(',\n  ')}, ${HELPERS.join(', ')} from (${clean})`;
}

