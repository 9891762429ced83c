-- grain: one outcome assigned to a recorded crime, with the crime's area and flags
-- key: crime_ref, outcome_date
-- reads: stg_outcomes, crimes_enriched
-- incremental: crime_ref (a night's files recompute the crime_ref values they hold: models/refresh.ts)
-- An outcome whose crime_ref is not in `crimes` is left out: its area and offence are unknown.
-- For "latest wins", order by outcome_date, then source_sha256 and source_row (the file and its
-- line) — the record key (crime_ref, outcome_date) means two rows for one crime on one date only
-- survive ingest if the force sent both, so the later line wins. (Ordered where it is used: a
-- rank over every row here would sort the whole table on each ingest.)
SELECT
  o.crime_ref,
  o.outcome_code,
  o.outcome_date,
  o.is_positive,
  o.is_charge,
  c.area,
  c.recorded_date,
  c.is_rasso,
  o.source_sha256,
  o.source_row
FROM stg_outcomes o
JOIN crimes_enriched c USING (crime_ref)
