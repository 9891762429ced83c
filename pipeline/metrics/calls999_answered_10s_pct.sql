-- grain: one period (every grain in `periods`) for the force only (the calls/DVDS extracts carry no area)
-- calls999_answered_10s_pct: 999 calls answered within 10.0 s over all 999 calls offered ×100
-- (abandoned calls stay in the denominator), placed by offered_at. Target 90%.
WITH monthly AS (
  SELECT offered_month AS month_start, count(*) FILTER (WHERE is_answered_10s) AS answered_10s, count(*) AS calls
  FROM calls_999
  GROUP BY offered_month
)
SELECT
  w.grain, w.period, w.period_start, w.period_end, w.area,
  coalesce(sum(m.answered_10s), 0) AS numerator,
  coalesce(sum(m.calls), 0) AS denominator,
  100.0 * numerator / nullif(denominator, 0) AS value
FROM window_months w
LEFT JOIN monthly m ON m.month_start = w.month_start
WHERE w.area = 'force'
GROUP BY w.grain, w.period, w.period_start, w.period_end, w.area
