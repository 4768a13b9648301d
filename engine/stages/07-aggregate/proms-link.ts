// PROMs linkage (DESIGN §6 extended by issue 22): each episode of a pathway whose operation the PROMs programme
// covers gets at most one PROMs record, and each record at most one episode. Which operation a record is about:
// the programme hands the pre-op questionnaire out before the operation, so a record belongs to the patient's
// first operation of the same kind (knee → knee, hip → hip) admitted on or after its pre-op date, within
// PROMS_WINDOWS.preopDaysBefore days. A record handed out after an admission is about a later operation — the
// other knee of staged bilateral replacements — and never links to the earlier one. Should two records claim one
// episode, the one completed nearest the admission links (then the lower id). The post-op questionnaire must come
// back 150–270 days after admission (PROMS_WINDOWS); outside that the pair is not used for gains. The national
// record carries no laterality, so the operation date is what tells the knees apart.
// Nothing here writes to episode or any cost table: an episode without PROMs keeps every cost output.
import { PROMS_WINDOWS } from '../../../schemas/tables/proms-outcome.ts';
import type { PathwayDefinition } from '../../../schemas/pathway.ts';
import type { Db } from '../../db.ts';
import { ident, type StageTable } from '../../stage-table.ts';


/** The clean PROMs records (empty without the feed). */
export const PROMS_CLEAN = 'proms_clean';

async function selectCleanProms(db: Db, proms: StageTable): Promise<void> {
  const columns = `proms_id, patient_id, provider_code, procedure::varchar as procedure, preop_date, postop_date, oxford_pre, oxford_post, eq5d_pre, eq5d_post`;
  await db.run(`create or replace temp table ${PROMS_CLEAN} as select ${columns} from ${ident(proms)} where reason is null`);
}

/**
 * Reads episode and the checked proms feed (no rows when the input has none); writes episode_outcome (expected scores empty: the outcome model
 * fills them) and proms_unlinked (pathway × record provider: records that link to no episode).
 */
export async function linkProms(db: Db, proms: StageTable, definitions: PathwayDefinition[], options: { coverageEnd: string }): Promise<void> {
  await selectCleanProms(db, proms);
  await selectPromsPathways(db, definitions);
  await db.run(LINK_SQL, {
    pre_days: PROMS_WINDOWS.preopDaysBefore,
    post_from: PROMS_WINDOWS.postopFromDays,
    post_to: PROMS_WINDOWS.postopToDays,
    coverage_end: options.coverageEnd,
  });
  await db.run(`
create or replace temp table proms_unlinked as
select k.pathway_id, p.provider_code, count(*) as n
from ${PROMS_CLEAN} p join ${PROMS_PATHWAYS} k using (procedure)
where k.pathway_id in (select distinct pathway_id from episode)
  and not exists (select 1 from episode_outcome o where o.pathway_id = k.pathway_id and o.proms_id = p.proms_id)
group by all`);
}

/** Which PROMs procedure each pathway's operation is (its definition's outcomes.proms_procedure); other pathways get no PROMs link. */
const PROMS_PATHWAYS = 'proms_pathways';

async function selectPromsPathways(db: Db, definitions: PathwayDefinition[]): Promise<void> {
  await db.run(`create or replace temp table ${PROMS_PATHWAYS} (pathway_id varchar, procedure varchar)`);
  for (const def of definitions) {
    if (def.outcomes) await db.run(`insert into ${PROMS_PATHWAYS} values ($id, $procedure)`, { id: def.id, procedure: def.outcomes.proms_procedure });
  }
}

const LINK_SQL = `
insert into episode_outcome by name
with kinds as (
  select pathway_id, procedure from ${PROMS_PATHWAYS}
), episodes as (
  select e.episode_id, e.pathway_id, e.patient_id, e.anchor_provider_code, e.anchor_start, k.procedure
  from episode e join kinds k using (pathway_id)
), claims as (
  select p.*, e.episode_id, e.pathway_id, e.anchor_start,
    row_number() over (partition by e.pathway_id, p.proms_id order by e.anchor_start, e.episode_id) as nth_operation
  from ${PROMS_CLEAN} p join episodes e on e.patient_id = p.patient_id and e.procedure = p.procedure
    and p.preop_date <= e.anchor_start and p.preop_date >= e.anchor_start - $pre_days::integer
), owned as (
  select *, row_number() over (partition by episode_id order by preop_date desc, proms_id) as nth_record
  from claims where nth_operation = 1
), linked as (
  select *, case when postop_date is null then 'preop_only'
      when date_diff('day', anchor_start, postop_date) between $post_from and $post_to then 'linked'
      else 'postop_outside_window' end as link_status
  from owned where nth_record = 1
)
select e.episode_id, e.pathway_id, e.anchor_provider_code,
  e.anchor_start + $post_to::integer <= $coverage_end::date as eligible,
  coalesce(l.link_status, 'no_record') as link_status,
  l.proms_id, l.preop_date, l.postop_date,
  l.oxford_pre, case when l.link_status = 'linked' then l.oxford_post end as oxford_post,
  l.eq5d_pre, case when l.link_status = 'linked' then l.eq5d_post end as eq5d_post
from episodes e left join linked l using (episode_id)`;
