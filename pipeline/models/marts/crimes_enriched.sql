-- grain: one recorded crime, with the flags the VAWG, RASSO, SPO and violence metrics filter on
-- key: crime_ref
-- reads: stg_crimes
-- materialized: view (a projection of stg_crimes: reading it costs what storing it would)
SELECT
  c.crime_ref,
  c.recorded_date,
  c.recorded_month,
  c.area,
  c.ho_offence_code,
  c.offence_group,
  c.victim_sex = 'F' AS is_female_victim,
  c.domestic_abuse_flag AS is_domestic_abuse,
  -- RASSO = rape and other sexual offences (all victims), by Home Office offence group
  c.offence_group IN ('rape', 'other_sexual_offences') AS is_rasso,
  -- stalking proper (HO code 8Q), the denominator of the SPO rate; harassment is not included
  c.ho_offence_code = '8Q' AS is_stalking,
  c.victim_age_band
FROM stg_crimes c
