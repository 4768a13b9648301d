// PROMs rows for the API fixture (fixture.ts), written by hand: knee-replacement RAA and RBB shown (8 linked
// episodes each), RCC marked suppressed by the engine, RDD left unmarked with 3 linked episodes (the API must
// hide it anyway), and the ICB. hip-replacement RAA (shown in pathway_summary with 8 episodes) has an unmarked row
// with 5 linked episodes: the API's own count check hides it. RAA: less cost, more gain; RBB: more cost, less gain.
import { join } from 'node:path';
import { Db } from '../../engine/db.ts';

const OUTCOMES = `
insert into provider_outcome by name
select * from (values
  ('knee-replacement', 'ICB', 'oxford', 23, 19.1, 35.3, 16.2, 16.2, 16.2, 1.0, null, null, null, null, null, 7800.00, 481.48, null, 6.5, 9, false),
  ('knee-replacement', 'RAA', 'oxford', 8, 18.9, 37.1, 18.2, 16.4, 18.1, 1.1098, 11.7, 20.7, 9.1, 23.3, 'within', 7025.00, 388.12, 0.9493, 6.5, 9, false),
  ('knee-replacement', 'RBB', 'oxford', 8, 19.4, 33.5, 14.1, 16.0, 14.3, 0.8813, 11.7, 20.7, 9.1, 23.3, 'within', 8000.00, 559.44, 1.0526, 6.5, 9, false),
  ('knee-replacement', 'RCC', 'oxford', null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, 6.5, 9, true),
  ('knee-replacement', 'RDD', 'oxford', 3, 20.0, 30.0, 10.0, 16.0, 10.5, 0.625, 6.4, 26.0, 3.1, 29.3, 'within', 9075.00, 864.29, 1.1786, 6.5, 9, false),
  ('knee-replacement', 'ICB', 'eq5d', 23, 0.41, 0.73, 0.32, 0.32, 0.32, 1.0, null, null, null, null, null, 7800.00, 2437.50, null, 0.2, 9, false),
  ('knee-replacement', 'RAA', 'eq5d', 8, 0.40, 0.77, 0.37, 0.31, 0.365, 1.1935, 0.18, 0.46, 0.1, 0.54, 'within', 7025.00, 1924.66, 0.9493, 0.2, 9, false),
  ('knee-replacement', 'RBB', 'eq5d', 8, 0.42, 0.70, 0.28, 0.33, 0.275, 0.8485, 0.18, 0.46, 0.1, 0.54, 'within', 8000.00, 2909.09, 1.0526, 0.2, 9, false),
  ('hip-replacement', 'RAA', 'oxford', 5, 18.0, 40.0, 22.0, 22.0, 22.0, 1.0, 16.3, 27.7, 13.0, 31.0, 'within', 8000.00, 363.64, 1.0, 6.5, 9, false)
) v(pathway_id, provider_code, measure, n_linked, mean_pre, mean_post, mean_gain, expected_gain, adjusted_gain, outcome_oe, lower_95, upper_95, lower_998, upper_998,
    outlier, mean_cost_gbp, cost_per_unit_gbp, cost_oe, residual_sd, model_terms, suppressed)`;

const LINKAGE = `
insert into proms_linkage by name
select * from (values
  ('knee-replacement', 'ICB', 28, 20, 19, 0, 0.7143, 0.6786, 1, false),
  ('knee-replacement', 'RAA', 12, 9, 8, 0, 0.75, 0.6667, 0, false),
  ('knee-replacement', 'RBB', 9, 8, 8, 0, 0.8889, 0.8889, 0, false),
  ('knee-replacement', 'RCC', null, null, null, null, null, null, null, true),
  ('knee-replacement', 'RDD', null, null, null, null, null, null, null, true)
) v(pathway_id, provider_code, n_episodes, n_preop, n_linked, n_postop_outside_window, participation_rate, linkage_rate, n_records_unlinked, suppressed)`;

/** Adds the PROMs rows to the fixture build in `dir`. */
export async function addOutcomeFixture(dir: string): Promise<void> {
  const db = await Db.open({ path: join(dir, 'pathcost.duckdb') });
  try {
    await db.run(OUTCOMES);
    await db.run(LINKAGE);
    await db.run('checkpoint');
  } finally {
    db.close();
  }
}
