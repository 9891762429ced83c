-- grain: one period (every grain in `periods`) × one area ('force' and each area code)
-- rasso_median_days_to_charge: median of (first charge date − recorded_date) in days over RASSO
-- crimes whose first charge/summons outcome (HO type 1) is dated in the window. An even count takes
-- the mean of the two middle values (DuckDB median = quantile_cont 0.5). numerator is NULL (a
-- median has none); denominator is the number of crimes charged, so small bases can be suppressed.
WITH charged AS (
  SELECT p.grain, p.period, c.area, c.days_to_charge::DOUBLE AS days
  FROM periods p
  JOIN crime_charges c
    ON c.is_rasso AND c.first_charge_date BETWEEN p.period_start AND p.period_end
),
summarised AS (
  SELECT
    ch.grain, ch.period,
    CASE WHEN grouping(ch.area) = 1 THEN 'force' ELSE ch.area END AS area,
    count(*) AS crimes,
    median(ch.days) AS median_days
  FROM charged ch
  GROUP BY GROUPING SETS ((ch.grain, ch.period, ch.area), (ch.grain, ch.period))
)
SELECT
  p.grain, p.period, p.period_start, p.period_end, r.area,
  NULL AS numerator,
  coalesce(s.crimes, 0) AS denominator,
  s.median_days AS value
FROM periods p
CROSS JOIN report_areas r
LEFT JOIN summarised s ON s.grain = p.grain AND s.period = p.period AND s.area = r.area
