-- grain: one month × one area (rollup.ts adds the force total and sums the months of each period)
-- spo_breaches_charged_pct: of SPO breaches dated in the window (breach_date), the % whose action
-- is 'charged' (presented to court without a charge does not count here).
SELECT breach_month AS month_start, area, count(*) FILTER (WHERE is_charged) AS numerator, count(*) AS denominator
FROM order_breaches
WHERE is_spo
GROUP BY breach_month, area
