-- grain: one month × one area (rollup.ts adds the force total and sums the months of each period)
-- dvpn_granted_pct: of DVPN/DVPO applications made in the window (applied_date), the % whose
-- decision is 'granted' (pending, refused and withdrawn all count in the denominator).
SELECT applied_month AS month_start, area, count(*) FILTER (WHERE is_granted) AS numerator, count(*) AS denominator
FROM orders_civil
WHERE is_dvpn
GROUP BY applied_month, area
