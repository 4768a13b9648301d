// Input of the cost ledger: the costs the feeds supply on clean rows, by provider and month. The feed
// selects are evaluated again with only these columns (DuckDB prunes the rest), which is cheaper than
// reading the written files back.
import { quoteIdent } from '../schemas/define.ts';
import type { ActivityFeed } from './feeds.ts';

/** Feeds whose supplied costs belong to a provider's patient-level costs (GP and prescribing have no provider ledger). */
const COSTED = ['apc_spells', 'op_attendances', 'ae_attendances', 'community_contacts', 'mental_health_contacts'];

export function ledgerCostsSql(finals: ReadonlyArray<{ feed: ActivityFeed; sql: string }>): string {
  const parts = finals
    .filter(({ feed }) => COSTED.includes(feed.spec.name))
    .map(({ feed, sql }) => {
      const { providerColumn, dateColumn, costColumn } = feed.spec;
      const [p, d, c] = [providerColumn!, dateColumn!, costColumn!].map(quoteIdent);
      return `select ${p} as provider_code, strftime(${d}, '%Y-%m') as period, sum(${c}) as amount
        from (${sql}) where _fault is null and ${c} is not null group by all`;
    });
  return `create or replace table ledger_costs as ${parts.join('\nunion all\n')}`;
}
