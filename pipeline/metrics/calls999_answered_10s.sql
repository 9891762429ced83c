-- grain: one period (every grain in `periods`) for the force only (the calls/DVDS extracts carry no area)
-- calls999_answered_10s: 999 calls answered with a ring time (answered_at − offered_at) of at
-- most 10.0 s — exactly 10.000 s counts — placed by offered_at.
WITH monthly AS (
  SELECT offered_month AS month_start, count(*) FILTER (WHERE is_answered_10s) AS answered_10s
  FROM calls_999
  GROUP BY offered_month
)
SELECT
  w.grain, w.period, w.period_start, w.period_end, w.area,
  coalesce(sum(m.answered_10s), 0) AS numerator,
  NULL AS denominator,
  numerator AS value
FROM window_months w
LEFT JOIN monthly m ON m.month_start = w.month_start
WHERE w.area = 'force'
GROUP BY w.grain, w.period, w.period_start, w.period_end, w.area
