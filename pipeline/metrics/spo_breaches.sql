-- grain: one month × one area (rollup.ts adds the force total and sums the months of each period)
-- spo_breaches: breaches of Stalking Protection Orders, placed by breach_date; area = the order's.
-- Each breach counts (two breaches of one order by one perpetrator are 2, as in 004 Q50).
SELECT breach_month AS month_start, area, count(*) AS numerator
FROM order_breaches
WHERE is_spo
GROUP BY breach_month, area
