-- grain: one period (every grain in `periods`) for the force only (the calls/DVDS extracts carry no area)
-- calls101_abandoned_pct: 101 calls with any leg abandoned (in triage or in ControlWorks) over
-- all 101 calls ×100, placed by the call's earliest offered_at.
WITH monthly AS (
  SELECT call_month AS month_start, count(*) FILTER (WHERE is_abandoned) AS abandoned, count(*) AS calls
  FROM calls_101
  GROUP BY call_month
)
SELECT
  w.grain, w.period, w.period_start, w.period_end, w.area,
  coalesce(sum(m.abandoned), 0) AS numerator,
  coalesce(sum(m.calls), 0) AS denominator,
  100.0 * numerator / nullif(denominator, 0) AS value
FROM window_months w
LEFT JOIN monthly m ON m.month_start = w.month_start
WHERE w.area = 'force'
GROUP BY w.grain, w.period, w.period_start, w.period_end, w.area
