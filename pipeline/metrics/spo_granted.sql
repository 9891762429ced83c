-- grain: one month × one area (rollup.ts adds the force total and sums the months of each period)
-- spo_granted: Stalking Protection Orders with decision 'granted', placed by decision_date (the
-- day the court granted it, not the day it was applied for).
SELECT decision_month AS month_start, area, count(*) AS numerator
FROM orders_civil
WHERE is_spo AND is_granted
GROUP BY decision_month, area
