-- grain: one outcome assigned to a recorded crime, with the crime's area and flags
-- An outcome whose crime_ref is not in `crimes` is left out: its area and offence are unknown.
-- source_rank orders rows for "latest wins": later outcome_date first, then the later line of the
-- source file (the extract's own order) — the record key (crime_ref, outcome_date) means two rows
-- for one crime on one date only survive ingest if the force sent both, so the later line wins.
SELECT
  o.crime_ref,
  o.outcome_code,
  o.outcome_date,
  o.is_positive,
  o.is_charge,
  c.area,
  c.recorded_date,
  c.is_rasso,
  row_number() OVER (ORDER BY o.outcome_date, o.source_sha256, o.source_row) AS source_rank
FROM stg_outcomes o
JOIN crimes_enriched c USING (crime_ref)
