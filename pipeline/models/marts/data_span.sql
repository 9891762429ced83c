-- grain: one row: the first and last date the warehouse holds data for
-- key: one row
-- reads: crimes, outcomes, orders, breaches, calls, dvds
-- Each extract is placed in time by its period field (the date its contract names); the span is
-- the union of them. It drives the `periods` table and the `as_of` date metrics report.
WITH dates AS (
  SELECT min(recorded_date) AS first_date, max(recorded_date) AS last_date FROM crimes
  UNION ALL SELECT min(outcome_date), max(outcome_date) FROM outcomes
  UNION ALL SELECT min(applied_date), max(applied_date) FROM orders
  UNION ALL SELECT min(breach_date), max(breach_date) FROM breaches
  UNION ALL SELECT min(offered_at)::DATE, max(offered_at)::DATE FROM calls
  UNION ALL SELECT min(received_date), max(received_date) FROM dvds
)
SELECT min(first_date) AS first_date, max(last_date) AS last_date FROM dates
