// One change of a scenario as one statement: the cells after it, from the cells before it. A cell is
// provider × step × setting × unit with its £, units, stays (activity rows), the episodes it rests on, and whether
// it is held at baseline (hidden in the baseline: a change to it alone would show through a margin's difference).
// Applied to a share as an expected value: the share's part of the cell changes, so the result does not depend
// on which episodes would be picked (a planning model's question is "how much", not "whose").
import type { ScenarioChange } from '../../schemas/scenario.ts';
import { SqlParams } from '../sql.ts';
import type { ResolvedPrice } from './prices.ts';

export const CELL_KEYS = ['provider_code', 'step', 'setting', 'unit'] as const;

export interface ChangeContext {
  /** Episodes of the pathway before this change. */
  episodes: number;
  prices: ResolvedPrice[];
}

interface Filter {
  step?: string;
  setting?: string;
  providers?: string[];
  unit?: string;
}

/** The cells a change applies to, as a SQL predicate with bound values. */
export function matchSql(p: SqlParams, f: Filter): string {
  const parts = ['true'];
  if (f.step) parts.push(`step = ${p.bind(f.step)}`);
  if (f.setting) parts.push(`setting = ${p.bind(f.setting)}`);
  if (f.providers?.length) parts.push(`list_contains(${p.bind(f.providers)}, provider_code)`);
  if (f.unit) parts.push(`unit = ${p.bind(f.unit)}`);
  return parts.join(' and ');
}

/** The filter a change's touched cells answer to (a length-of-stay change touches bed days only). */
export function changeFilter(c: ScenarioChange): Filter {
  if (c.type === 'add_step') return {};
  if (c.type === 'length_of_stay') return { step: c.step, providers: c.providers, unit: 'bed_days' };
  return { step: c.step, setting: c.setting, providers: c.providers, unit: c.unit };
}

/**
 * A change to every cell alike (no filter) that scales money and units in proportion: it reaches the held cells
 * too, since it changes each group's hidden total by the factor that changes its published margin.
 */
export function reachesHeldCells(c: ScenarioChange): boolean {
  return (c.type === 'volume' || c.type === 'remove_step' || (c.type === 'unit_cost' && c.factor !== undefined)) && wholePathway(c);
}

/** A change with no filter: every cell of the pathway. */
function wholePathway(c: ScenarioChange): boolean {
  const f = changeFilter(c);
  return !f.step && !f.setting && !f.providers?.length && !f.unit;
}

/** `select` of the cells after the change, reading `prev`. */
export function changeSql(c: ScenarioChange, prev: string, ctx: ChangeContext): { sql: string; params: SqlParams['values'] } {
  const p = new SqlParams('c');
  const hit = c.type === 'add_step' ? 'false' : `${matchSql(p, changeFilter(c))}${reachesHeldCells(c) ? '' : ' and not held'}`;
  const num = (x: number) => p.bind(x);
  let rows: string;
  switch (c.type) {
    case 'remove_step':
    case 'volume': {
      const k = c.type === 'volume' ? num(c.factor) : `(1 - ${num(c.share)})`;
      rows = scaled(`case when hit then ${k} else 1 end`);
      break;
    }
    case 'unit_cost': {
      const s = num(c.share);
      const gbp = c.factor !== undefined ? `gbp * (1 + ${s} * (${num(c.factor)} - 1))` : `(1 - ${s}) * gbp + ${s} * units * ${num(ctx.prices[0].gbp)}`;
      rows = `select provider_code, step, setting, unit, case when hit then ${gbp} else gbp end as gbp, units, stays, n_episodes, held from src`;
      break;
    }
    case 'length_of_stay': {
      // a stay never falls below one bed day (the build counts a same-day spell as one): the changed share of the
      // stays loses at most that share of the bed days above one per stay
      const delta = `case when hit then greatest(${num(c.share)} * stays * ${num(c.bed_days_per_stay)}, -${num(c.share)} * greatest(units - stays, 0)) else 0 end`;
      rows = `select provider_code, step, setting, unit, gbp + d * ${num(ctx.prices[0].gbp)} as gbp, units + d as units, stays, n_episodes, held
        from (select *, ${delta} as d from src)`;
      break;
    }
    case 'move': {
      const s = num(c.share);
      const to = (col: string, value: string | undefined) => (value === undefined ? col : p.bind(value));
      const moved = `${s} * units * ${num(c.to.units_per_unit)}`;
      rows = `${scaled(`case when hit then 1 - ${s} else 1 end`)}
        union all
        select ${to('provider_code', c.to.provider)}, ${to('step', c.to.step)}, ${to('setting', c.to.setting)}, ${to('unit', c.to.unit)},
          ${moved} * ${num(ctx.prices[0].gbp)}, ${moved}, ${s} * stays, n_episodes, false
        from src where hit`;
      break;
    }
    case 'add_step': {
      const n = `${num(c.share)} * ${num(ctx.episodes)}`;
      rows = `select provider_code, step, setting, unit, gbp, units, stays, n_episodes, held from src
        union all
        select ${p.bind(c.provider)}, ${p.bind(c.step)}, ${p.bind(c.setting)}, ${p.bind(c.unit)},
          ${n} * ${num(c.units_per_episode)} * ${num(ctx.prices[0].gbp)}, ${n} * ${num(c.units_per_episode)}, ${n}, ${num(ctx.episodes)}::bigint, false`;
      break;
    }
  }
  const sql = `
with src as (select *, ${hit} as hit from ${prev})
select provider_code, step, setting, unit, ${exactSum('gbp')} as gbp, ${exactSum('units')} as units, ${exactSum('stays')} as stays,
  max(n_episodes) as n_episodes, bool_or(held) as held
from (${rows}) group by all`;
  return { sql, params: p.values };
}

/** A sum that does not depend on the order DuckDB adds in (doubles would differ in the last bit between runs). */
export const exactSum = (col: string) => `sum(${col}::decimal(38, 9))::double`;

function scaled(k: string): string {
  return `select provider_code, step, setting, unit, gbp * ${k} as gbp, units * ${k} as units, stays * ${k} as stays, n_episodes, held from src`;
}

/** Prices a change needs, in the order changeSql reads them. */
export function pricesOf(c: ScenarioChange) {
  if (c.type === 'move') return [c.to.price];
  if (c.type === 'length_of_stay') return [c.price_per_bed_day];
  if (c.type === 'add_step') return [c.price];
  if (c.type === 'unit_cost' && c.price) return [c.price];
  return [];
}

/** A volume change with no filter is more (or fewer) episodes, not more activity per episode. */
export function scalesEpisodes(c: ScenarioChange): number {
  return c.type === 'volume' && wholePathway(c) ? c.factor : 1;
}
