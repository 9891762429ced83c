-- grain: one period (every grain in `periods`) × one area ('force' and each area code)
-- rasso_positive_outcome_rate_pct: of RASSO crimes (rape + other sexual offences, any victim)
-- with at least one outcome dated in the window, the % whose latest outcome in the window is
-- positive (HO outcome types 1, 1A, 2, 3, 4, 6, 7, 8). A crime re-outcomed inside the window
-- counts once, at its latest outcome (later date first, then the later source line); an outcome
-- after the window end is ignored for that window. Not additive over months, so each window is
-- computed from the outcome rows themselves.
WITH latest AS (
  SELECT p.grain, p.period, o.area, o.is_positive
  FROM periods p
  JOIN outcomes_enriched o
    ON o.is_rasso AND o.outcome_date BETWEEN p.period_start AND p.period_end
  QUALIFY row_number() OVER (PARTITION BY p.grain, p.period, o.crime_ref ORDER BY o.outcome_date DESC, o.source_sha256 DESC, o.source_row DESC) = 1
),
counted AS (
  SELECT
    l.grain, l.period,
    CASE WHEN grouping(l.area) = 1 THEN 'force' ELSE l.area END AS area,
    count(*) FILTER (WHERE l.is_positive) AS positive,
    count(*) AS crimes
  FROM latest l
  GROUP BY GROUPING SETS ((l.grain, l.period, l.area), (l.grain, l.period))
)
SELECT
  p.grain, p.period, p.period_start, p.period_end, r.area,
  coalesce(c.positive, 0) AS numerator,
  coalesce(c.crimes, 0) AS denominator,
  100.0 * numerator / nullif(denominator, 0) AS value
FROM periods p
CROSS JOIN report_areas r
LEFT JOIN counted c ON c.grain = p.grain AND c.period = p.period AND c.area = r.area
