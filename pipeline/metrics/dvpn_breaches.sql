-- grain: one month × one area (rollup.ts adds the force total and sums the months of each period)
-- dvpn_breaches: breaches of DVPN/DVPO orders, placed by breach_date; area = the order's area.
SELECT breach_month AS month_start, area, count(*) AS numerator
FROM order_breaches
WHERE is_dvpn
GROUP BY breach_month, area
