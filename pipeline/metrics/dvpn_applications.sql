-- grain: one period (every grain in `periods`) × one area ('force' and each area code)
-- dvpn_applications: DVPN and DVPO applications (any decision), placed by applied_date.
WITH monthly AS (
  SELECT
    o.applied_month AS month_start,
    CASE WHEN grouping(o.area) = 1 THEN 'force' ELSE o.area END AS area,
    count(*) AS n
  FROM orders_civil o
  WHERE o.is_dvpn
  GROUP BY GROUPING SETS ((o.applied_month, o.area), (o.applied_month))
)
SELECT
  w.grain, w.period, w.period_start, w.period_end, w.area,
  coalesce(sum(m.n), 0) AS numerator,
  NULL AS denominator,
  numerator AS value
FROM window_months w
LEFT JOIN monthly m ON m.month_start = w.month_start AND m.area = w.area
GROUP BY w.grain, w.period, w.period_start, w.period_end, w.area
