-- grain: one period (every grain in `periods`) × one area ('force' and each area code)
-- dvpn_breach_rate_pct: DVPN/DVPO breaches dated in the window (breach_date) over DVPN/DVPO
-- applications made in the window (applied_date) ×100 — over applications, not over orders
-- granted, because that is how the force publishes it (004 Q49: 27 of 160 = 17%). The two counts
-- are placed by different dates, so a breach need not belong to an application in the same window.
WITH monthly AS (
  SELECT
    b.breach_month AS month_start,
    CASE WHEN grouping(b.area) = 1 THEN 'force' ELSE b.area END AS area,
    count(*) AS breaches,
    0 AS applications
  FROM order_breaches b
  WHERE b.is_dvpn
  GROUP BY GROUPING SETS ((b.breach_month, b.area), (b.breach_month))
  UNION ALL
  SELECT
    o.applied_month,
    CASE WHEN grouping(o.area) = 1 THEN 'force' ELSE o.area END,
    0,
    count(*)
  FROM orders_civil o
  WHERE o.is_dvpn
  GROUP BY GROUPING SETS ((o.applied_month, o.area), (o.applied_month))
)
SELECT
  w.grain, w.period, w.period_start, w.period_end, w.area,
  coalesce(sum(m.breaches), 0) AS numerator,
  coalesce(sum(m.applications), 0) AS denominator,
  100.0 * numerator / nullif(denominator, 0) AS value
FROM window_months w
LEFT JOIN monthly m ON m.month_start = w.month_start AND m.area = w.area
GROUP BY w.grain, w.period, w.period_start, w.period_end, w.area
