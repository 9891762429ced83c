-- grain: one period (every grain in `periods`) for the force only (the calls/DVDS extracts carry no area)
-- calls101_mean_ring_triage_s: mean ring time in seconds of answered 101-triage (IVR) legs,
-- placed by the call's earliest offered_at. numerator = total seconds, denominator = answered legs.
WITH monthly AS (
  SELECT call_month AS month_start, sum(triage_ring_s) AS ring_s, count(triage_ring_s) AS answered
  FROM calls_101
  GROUP BY call_month
)
SELECT
  w.grain, w.period, w.period_start, w.period_end, w.area,
  coalesce(sum(m.ring_s), 0) AS numerator,
  coalesce(sum(m.answered), 0) AS denominator,
  numerator / nullif(denominator, 0) AS value
FROM window_months w
LEFT JOIN monthly m ON m.month_start = w.month_start
WHERE w.area = 'force'
GROUP BY w.grain, w.period, w.period_start, w.period_end, w.area
