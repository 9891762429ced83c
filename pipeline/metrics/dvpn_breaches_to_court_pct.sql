-- grain: one month × one area (rollup.ts adds the force total and sums the months of each period)
-- dvpn_breaches_to_court_pct: of DVPN/DVPO breaches dated in the window (breach_date), the %
-- whose action is 'charged' or 'presented_to_court' (a charge puts the breach before the court).
SELECT breach_month AS month_start, area, count(*) FILTER (WHERE is_to_court) AS numerator, count(*) AS denominator
FROM order_breaches
WHERE is_dvpn
GROUP BY breach_month, area
