-- grain: one month, force-wide only: the calls extract carries no area (rollup.ts sums each period)
-- calls101_calls: 101 calls (distinct call_id on line '101', however many legs), placed by the
-- call's earliest offered_at.
SELECT call_month AS month_start, count(*) AS numerator
FROM calls_101
GROUP BY call_month
