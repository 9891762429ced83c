-- grain: one period (every grain in `periods`) × one area ('force' and each area code)
-- spo_breaches: breaches of Stalking Protection Orders, placed by breach_date; area = the order's.
-- Each breach counts (two breaches of one order by one perpetrator are 2, as in 004 Q50).
WITH monthly AS (
  SELECT
    b.breach_month AS month_start,
    CASE WHEN grouping(b.area) = 1 THEN 'force' ELSE b.area END AS area,
    count(*) AS n
  FROM order_breaches b
  WHERE b.is_spo
  GROUP BY GROUPING SETS ((b.breach_month, b.area), (b.breach_month))
)
SELECT
  w.grain, w.period, w.period_start, w.period_end, w.area,
  coalesce(sum(m.n), 0) AS numerator,
  NULL AS denominator,
  numerator AS value
FROM window_months w
LEFT JOIN monthly m ON m.month_start = w.month_start AND m.area = w.area
GROUP BY w.grain, w.period, w.period_start, w.period_end, w.area
