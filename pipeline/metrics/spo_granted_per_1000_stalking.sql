-- grain: one period (every grain in `periods`) × one area ('force' and each area code)
-- spo_granted_per_1000_stalking: SPOs granted in the window (decision_date) per 1,000 stalking
-- crimes recorded in the window (HO code 8Q, recorded_date, any victim). The SPOs need not arise
-- from those crimes: it is a rate of use, as the force reports it (003 §9.6).
WITH monthly AS (
  SELECT
    o.decision_month AS month_start,
    CASE WHEN grouping(o.area) = 1 THEN 'force' ELSE o.area END AS area,
    count(*) AS granted,
    0 AS stalking
  FROM orders_civil o
  WHERE o.is_spo AND o.is_granted
  GROUP BY GROUPING SETS ((o.decision_month, o.area), (o.decision_month))
  UNION ALL
  SELECT
    c.recorded_month,
    CASE WHEN grouping(c.area) = 1 THEN 'force' ELSE c.area END,
    0,
    count(*)
  FROM crimes_enriched c
  WHERE c.is_stalking
  GROUP BY GROUPING SETS ((c.recorded_month, c.area), (c.recorded_month))
)
SELECT
  w.grain, w.period, w.period_start, w.period_end, w.area,
  coalesce(sum(m.granted), 0) AS numerator,
  coalesce(sum(m.stalking), 0) AS denominator,
  1000.0 * numerator / nullif(denominator, 0) AS value
FROM window_months w
LEFT JOIN monthly m ON m.month_start = w.month_start AND m.area = w.area
GROUP BY w.grain, w.period, w.period_start, w.period_end, w.area
