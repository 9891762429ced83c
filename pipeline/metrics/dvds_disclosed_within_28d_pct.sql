-- grain: one period (every grain in `periods`) for the force only (the calls/DVDS extracts carry no area)
-- dvds_disclosed_within_28d_pct: requests disclosed (disclosed true) with disclosure_date at
-- most 28 days after received_date, over requests with a decision (decision_date set) ×100, both
-- placed by received_date. Requests still awaiting a decision are left out of both counts (a
-- disclosure recorded without a decision_date is a data error and is not counted, so the rate
-- can never pass 100%).
WITH monthly AS (
  SELECT received_month AS month_start,
         count(*) FILTER (WHERE has_decision AND is_disclosed_within_28d) AS within_28d,
         count(*) FILTER (WHERE has_decision) AS decided
  FROM disclosure_requests
  GROUP BY received_month
)
SELECT
  w.grain, w.period, w.period_start, w.period_end, w.area,
  coalesce(sum(m.within_28d), 0) AS numerator,
  coalesce(sum(m.decided), 0) AS denominator,
  100.0 * numerator / nullif(denominator, 0) AS value
FROM window_months w
LEFT JOIN monthly m ON m.month_start = w.month_start
WHERE w.area = 'force'
GROUP BY w.grain, w.period, w.period_start, w.period_end, w.area
