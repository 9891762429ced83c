-- grain: one period (every grain in `periods`) × one area ('force' and each area code)
-- spo_active: SPOs in force on the window's last day (period_end): decision 'granted' with
-- decision_date on or before that day, and no expiry_date or an expiry_date on or after it — an
-- order expiring on the last day is still in force that day. A point-in-time count, so it is not
-- summed over months: each window is its own snapshot.
WITH active AS (
  SELECT p.grain, p.period, o.area
  FROM periods p
  JOIN orders_civil o
    ON o.is_spo AND o.is_granted
   AND o.decision_date <= p.period_end
   AND (o.expiry_date IS NULL OR o.expiry_date >= p.period_end)
),
counted AS (
  SELECT
    a.grain, a.period,
    CASE WHEN grouping(a.area) = 1 THEN 'force' ELSE a.area END AS area,
    count(*) AS n
  FROM active a
  GROUP BY GROUPING SETS ((a.grain, a.period, a.area), (a.grain, a.period))
)
SELECT
  p.grain, p.period, p.period_start, p.period_end, r.area,
  coalesce(c.n, 0) AS numerator,
  NULL AS denominator,
  numerator AS value
FROM periods p
CROSS JOIN report_areas r
LEFT JOIN counted c ON c.grain = p.grain AND c.period = p.period AND c.area = r.area
