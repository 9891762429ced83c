-- grain: one month × one area (rollup.ts adds the force total and sums the months of each period)
-- dvpn_applications: DVPN and DVPO applications (any decision), placed by applied_date.
SELECT applied_month AS month_start, area, count(*) AS numerator
FROM orders_civil
WHERE is_dvpn
GROUP BY applied_month, area
