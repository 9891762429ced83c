-- grain: one breach of an order (a view over the canonical `breaches` table)
SELECT
  b.breach_ref,
  b.order_ref,
  b.breach_date,
  date_trunc('month', b.breach_date)::DATE AS breach_month,
  b.action,
  -- "presented to court": the force counts a charge as going before the court too (004 Q49)
  b.action IN ('charged', 'presented_to_court') AS is_to_court,
  b.action = 'charged' AS is_charged,
  b.source_sha256,
  b.source_row
FROM breaches b
