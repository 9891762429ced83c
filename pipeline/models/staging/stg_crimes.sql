-- grain: one recorded crime (a view over the canonical `crimes` table)
-- Normalises codes and looks up the Home Office offence group, so every later layer reads one
-- spelling. A code missing from data/ho-offence-groups.csv falls into 'other' rather than vanishing.
SELECT
  c.crime_ref,
  c.recorded_date,
  date_trunc('month', c.recorded_date)::DATE AS recorded_month,
  c.offence_date,
  upper(trim(c.ho_offence_code)) AS ho_offence_code,
  c.offence_description,
  coalesce(g.offence_group, 'other') AS offence_group,
  trim(c.area) AS area,
  c.domestic_abuse_flag,
  c.victim_sex,
  c.victim_age_band,
  c.source_sha256,
  c.source_row
FROM crimes c
LEFT JOIN ho_offence_groups g ON upper(trim(g.ho_offence_code)) = upper(trim(c.ho_offence_code))
