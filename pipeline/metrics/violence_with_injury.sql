-- grain: one period (every grain in `periods`) × one area ('force' and each area code)
-- violence_with_injury: crimes in HO offence group violence_with_injury, any victim, by recorded_date.
-- Counted per recorded month and area once (the force row is the GROUPING SETS total), then
-- summed over the months of each window; windows with no such crime give 0, not a missing row.
WITH monthly AS (
  SELECT
    c.recorded_month AS month_start,
    CASE WHEN grouping(c.area) = 1 THEN 'force' ELSE c.area END AS area,
    count(*) AS n
  FROM crimes_enriched c
  WHERE c.offence_group = 'violence_with_injury'
  GROUP BY GROUPING SETS ((c.recorded_month, c.area), (c.recorded_month))
)
SELECT
  w.grain, w.period, w.period_start, w.period_end, w.area,
  coalesce(sum(m.n), 0) AS numerator,
  NULL AS denominator,
  numerator AS value
FROM window_months w
LEFT JOIN monthly m ON m.month_start = w.month_start AND m.area = w.area
GROUP BY w.grain, w.period, w.period_start, w.period_end, w.area
