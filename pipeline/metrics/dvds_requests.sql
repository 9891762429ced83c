-- grain: one period (every grain in `periods`) for the force only (the calls/DVDS extracts carry no area)
-- dvds_requests: Clare's Law (DVDS) requests, both routes, placed by received_date.
WITH monthly AS (
  SELECT received_month AS month_start, count(*) AS requests
  FROM disclosure_requests
  GROUP BY received_month
)
SELECT
  w.grain, w.period, w.period_start, w.period_end, w.area,
  coalesce(sum(m.requests), 0) AS numerator,
  NULL AS denominator,
  numerator AS value
FROM window_months w
LEFT JOIN monthly m ON m.month_start = w.month_start
WHERE w.area = 'force'
GROUP BY w.grain, w.period, w.period_start, w.period_end, w.area
