-- grain: one period (every grain in `periods`) for the force only (the calls/DVDS extracts carry no area)
-- calls101_calls: 101 calls (distinct call_id on line '101', however many legs), placed by the
-- call's earliest offered_at.
WITH monthly AS (
  SELECT call_month AS month_start, count(*) AS calls
  FROM calls_101
  GROUP BY call_month
)
SELECT
  w.grain, w.period, w.period_start, w.period_end, w.area,
  coalesce(sum(m.calls), 0) AS numerator,
  NULL AS denominator,
  numerator AS value
FROM window_months w
LEFT JOIN monthly m ON m.month_start = w.month_start
WHERE w.area = 'force'
GROUP BY w.grain, w.period, w.period_start, w.period_end, w.area
