-- grain: one period (every grain in `periods`) × one area ('force' and each area code)
-- dvpn_granted_pct: of DVPN/DVPO applications made in the window (applied_date), the % whose
-- decision is 'granted' (pending, refused and withdrawn all count in the denominator).
WITH monthly AS (
  SELECT
    o.applied_month AS month_start,
    CASE WHEN grouping(o.area) = 1 THEN 'force' ELSE o.area END AS area,
    count(*) FILTER (WHERE o.is_granted) AS granted,
    count(*) AS applications
  FROM orders_civil o
  WHERE o.is_dvpn
  GROUP BY GROUPING SETS ((o.applied_month, o.area), (o.applied_month))
)
SELECT
  w.grain, w.period, w.period_start, w.period_end, w.area,
  coalesce(sum(m.granted), 0) AS numerator,
  coalesce(sum(m.applications), 0) AS denominator,
  100.0 * numerator / nullif(denominator, 0) AS value
FROM window_months w
LEFT JOIN monthly m ON m.month_start = w.month_start AND m.area = w.area
GROUP BY w.grain, w.period, w.period_start, w.period_end, w.area
