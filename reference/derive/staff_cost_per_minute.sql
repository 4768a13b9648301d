-- PSSRU (Unit Costs of Health and Social Care) cost per minute by staff group and role, one row per
-- manual edition. Reads src_gp, src_gp_nurse, src_nurse, src_community_hcp, src_hospital_doctor (text
-- columns, `source_row` = 1-based data row). Why each measure was chosen: reference/README.md.
-- An edition's costs are at the prices of the financial year before its title (2024 edition → 2023/24):
-- the 2024 manual's own inflation table ends at 2023/24, its price base.
with
measures as (
  -- GP: the printed cost per minute of patient contact, with qualification costs and without direct-care
  -- staff costs: practice nurses and other practice staff are priced on their own rows of the same feed, so
  -- loading their cost onto GP minutes as well would count it twice.
  select 'gp' as source, 'GP' as source_key, year, cost as value, 1 as divisor,
    'unit_costs_hsc_gp.csv' as source_file, source_row, variable as source_measure,
    'qualification_cost=including; direct_care_staff_cost=excluding' as source_options
  from src_gp
  where variable = 'Per minute of patient contact'
    and qualification_cost = 'including' and direct_care_staff_cost = 'excluding'
  union all
  -- Practice nurse: cost per working hour with the direct:indirect time ratio applied, i.e. per hour of
  -- patient contact: the feed records appointment (contact) minutes, and the nurse's time away from patients
  -- is part of what a contact costs. The manual prints the ratio; COSTmos applies it to the printed working hour.
  select 'gp_nurse', 'Practice nurse', year, cost, 60,
    'unit_costs_hsc_gp_nurse.csv', source_row, variable,
    'qualification_cost=including; ratio_direct_to_indirect_time=including'
  from src_gp_nurse
  where variable = 'Cost per working hour'
    and qualification_cost = 'including' and ratio_direct_to_indirect_time = 'including'
  union all
  select 'nurse', band, year, cost_per_working_hour, 60,
    'unit_costs_hsc_nurse.csv', source_row, 'cost_per_working_hour',
    'qualification_cost=including'
  from src_nurse
  where qualification_cost = 'including'
  union all
  -- community HCP rows have no qualification split in the source
  select 'community_hcp', band, year, cost_per_working_hour, 60,
    'unit_costs_hsc_community_hcp.csv', source_row, 'cost_per_working_hour', ''
  from src_community_hcp
  union all
  select 'hospital_doctor', job_title, year, cost_per_working_hour, 60,
    'unit_costs_hsc_hospital_doctor.csv', source_row, 'cost_per_working_hour',
    'qualification_cost=including'
  from src_hospital_doctor
  where qualification_cost = 'including'
),
choices (staff_group, role, source, source_key, note) as (
  values
    ('primary', 'gp', 'gp', 'GP', 'GP per minute of patient contact excluding direct-care staff (priced on their own rows)'),
    ('primary', 'nurse', 'gp_nurse', 'Practice nurse', 'practice nurse per hour of patient contact (working hour × direct:indirect ratio) ÷ 60'),
    ('primary', 'fcp_physio', 'community_hcp', 'Band 7', 'first contact physiotherapists are advanced practitioners; the band 7 row names "Physiotherapist (advanced)"'),
    ('primary', 'pharmacist', 'community_hcp', 'Band 6', 'the band 6 row names "Pharmacist"; practice pharmacists are often band 7-8a, so this may understate'),
    ('primary', 'other', 'community_hcp', 'Band 4', 'support roles (assistant practitioners, technicians): the nearest PSSRU row'),
    ('primary', '*', 'community_hcp', 'Band 4', 'practice role not listed: as other'),
    ('community', 'physiotherapist', 'community_hcp', 'Band 6', 'the band 6 row names "Physiotherapist specialist"'),
    ('community', 'occupational_therapist', 'community_hcp', 'Band 6', 'the band 6 row names "Occupational Therapist specialist"'),
    ('community', 'podiatrist', 'community_hcp', 'Band 6', 'the band 6 row names "Podiatrist specialist"'),
    ('community', 'speech_and_language_therapist', 'community_hcp', 'Band 6', 'the band 6 row names "Speech and Language Therapist Specialist"'),
    ('community', 'nurse', 'nurse', 'Band 6', 'district and community nurses are band 6'),
    ('community', 'district_nurse', 'nurse', 'Band 6', 'district nurses are band 6'),
    ('community', 'support_worker', 'community_hcp', 'Band 4', 'support workers and assistants: the band 4 row (assistant practitioners, technicians) is the nearest'),
    ('community', '*', 'community_hcp', 'Band 6', 'community role not listed: a band 6 therapist'),
    ('mental_health', 'nurse', 'nurse', 'Band 6', 'community mental health nurses are band 6'),
    ('mental_health', 'mental_health_nurse', 'nurse', 'Band 6', 'community mental health nurses are band 6'),
    ('mental_health', 'psychologist', 'community_hcp', 'Band 7', 'the band 7 row names "Clinical psychologist"'),
    ('mental_health', 'clinical_psychologist', 'community_hcp', 'Band 7', 'the band 7 row names "Clinical psychologist"'),
    ('mental_health', 'psychological_wellbeing_practitioner', 'community_hcp', 'Band 5', 'PWPs are band 5; the band 5 row names "Clinical psychology assistant practitioner (higher level)"'),
    ('mental_health', 'counsellor', 'community_hcp', 'Band 6', 'the band 6 row names "Counsellor"'),
    ('mental_health', 'psychiatrist', 'hospital_doctor', 'Consultant: Psychiatric', 'consultant psychiatrist'),
    ('mental_health', '*', 'nurse', 'Band 6', 'mental health role not listed: care coordinators are mostly band 6 nurses')
)
select
  c.staff_group,
  c.role,
  cast(m.year as integer) as edition_year,
  (cast(m.year as integer) - 1) || '/' || right(m.year, 2) as price_year,
  cast(m.value as double) / m.divisor as cost_per_minute_gbp,
  m.value as source_value_gbp,
  m.divisor,
  m.source_file,
  m.source_row,
  m.source_measure || case when m.source = 'gp' or m.source = 'gp_nurse' then '' else ' (' || m.source_key || ')' end as source_measure,
  m.source_options,
  c.note
from choices c
join measures m on m.source = c.source and m.source_key = c.source_key
order by c.staff_group, c.role, edition_year
