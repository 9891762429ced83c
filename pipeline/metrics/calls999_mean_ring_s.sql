-- grain: one period (every grain in `periods`) for the force only (the calls/DVDS extracts carry no area)
-- calls999_mean_ring_s: mean ring time in seconds (answered_at − offered_at) of answered 999
-- calls, placed by offered_at. numerator = total ring seconds, denominator = answered calls.
WITH monthly AS (
  SELECT offered_month AS month_start, sum(ring_s) FILTER (WHERE is_answered) AS ring_s, count(*) FILTER (WHERE is_answered) AS answered
  FROM calls_999
  GROUP BY offered_month
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
