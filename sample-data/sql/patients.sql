-- The patients feed: one row per person, in person order.
select pid as patient_id, birth_date, sex, lsoa_code, imd_decile, practice_code, registered_from, registered_to, date_of_death
from persons
order by pno
