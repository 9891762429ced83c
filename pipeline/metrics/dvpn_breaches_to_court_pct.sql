-- grain: one period (every grain in `periods`) × one area ('force' and each area code)
-- dvpn_breaches_to_court_pct: of DVPN/DVPO breaches dated in the window (breach_date), the %
-- whose action is 'charged' or 'presented_to_court' (a charge puts the breach before the court).
WITH monthly AS (
  SELECT
    b.breach_month AS month_start,
    CASE WHEN grouping(b.area) = 1 THEN 'force' ELSE b.area END AS area,
    count(*) FILTER (WHERE b.is_to_court) AS to_court,
    count(*) AS breaches
  FROM order_breaches b
  WHERE b.is_dvpn
  GROUP BY GROUPING SETS ((b.breach_month, b.area), (b.breach_month))
)
SELECT
  w.grain, w.period, w.period_start, w.period_end, w.area,
  coalesce(sum(m.to_court), 0) AS numerator,
  coalesce(sum(m.breaches), 0) AS denominator,
  100.0 * numerator / nullif(denominator, 0) AS value
FROM window_months w
LEFT JOIN monthly m ON m.month_start = w.month_start AND m.area = w.area
GROUP BY w.grain, w.period, w.period_start, w.period_end, w.area
