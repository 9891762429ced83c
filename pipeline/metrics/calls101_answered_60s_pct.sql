-- grain: one period (every grain in `periods`) for the force only (the calls/DVDS extracts carry no area)
-- calls101_answered_60s_pct: 101 calls whose ControlWorks (101-cw) leg was answered at most 60.0 s
-- after that leg was offered, over all 101 calls ×100 (calls abandoned in triage, which never
-- reach ControlWorks, stay in the denominator), placed by the call's earliest offered_at.
WITH monthly AS (
  SELECT call_month AS month_start, count(*) FILTER (WHERE is_cw_answered_60s) AS answered_60s, count(*) AS calls
  FROM calls_101
  GROUP BY call_month
)
SELECT
  w.grain, w.period, w.period_start, w.period_end, w.area,
  coalesce(sum(m.answered_60s), 0) AS numerator,
  coalesce(sum(m.calls), 0) AS denominator,
  100.0 * numerator / nullif(denominator, 0) AS value
FROM window_months w
LEFT JOIN monthly m ON m.month_start = w.month_start
WHERE w.area = 'force'
GROUP BY w.grain, w.period, w.period_start, w.period_end, w.area
