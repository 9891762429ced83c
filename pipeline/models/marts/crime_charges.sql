-- grain: one recorded crime that has been charged (at least one outcome type 1, charge/summons)
-- key: crime_ref
-- reads: outcomes_enriched
-- incremental: crime_ref (a night's files recompute the crime_ref values they hold: models/refresh.ts)
-- A crime charged, re-outcomed and charged again is counted once, at its first charge.
SELECT
  crime_ref,
  any_value(area) AS area,
  any_value(is_rasso) AS is_rasso,
  any_value(recorded_date) AS recorded_date,
  min(outcome_date) AS first_charge_date,
  date_trunc('month', min(outcome_date))::DATE AS charge_month,
  date_diff('day', any_value(recorded_date), min(outcome_date)) AS days_to_charge
FROM outcomes_enriched
WHERE is_charge
GROUP BY crime_ref
