-- grain: one month, force-wide only: the calls extract carries no area (rollup.ts sums each period)
-- calls999_abandoned_pct: 999 calls with an abandoned_at over all 999 calls offered ×100,
-- placed by offered_at.
SELECT offered_month AS month_start, sum(calls) FILTER (WHERE is_abandoned) AS numerator, sum(calls) AS denominator
FROM calls_999_monthly
GROUP BY offered_month
