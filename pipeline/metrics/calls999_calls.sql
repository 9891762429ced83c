-- grain: one month, force-wide only: the calls extract carries no area (rollup.ts sums each period)
-- calls999_calls: 999 calls offered (calls rows on queue '999'), placed by offered_at.
SELECT offered_month AS month_start, sum(calls) AS numerator
FROM calls_999_monthly
GROUP BY offered_month
