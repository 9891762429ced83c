-- grain: one outcome assigned to a crime (a view over the canonical `outcomes` table)
-- Flags the Home Office outcome types the metrics ask about, so the code lists live in one place:
-- positive = types 1, 1A, 2, 3, 4, 6, 7, 8 (charge/summons, cautions, TIC, community resolution,
-- penalty notice, other-body action); charge = type 1 (charge or summons).
SELECT
  o.crime_ref,
  upper(trim(o.outcome_code)) AS outcome_code,
  o.outcome_date,
  upper(trim(o.outcome_code)) IN ('1', '1A', '2', '3', '4', '6', '7', '8') AS is_positive,
  upper(trim(o.outcome_code)) = '1' AS is_charge,
  o.source_sha256,
  o.source_row
FROM outcomes o
