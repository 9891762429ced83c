-- grain: one month, force-wide only: the calls extract carries no area (rollup.ts sums each period)
-- calls999_answered_10s: 999 calls answered with a ring time (answered_at − offered_at) of at
-- most 10.0 s — exactly 10.000 s counts — placed by offered_at.
SELECT offered_month AS month_start, sum(calls) FILTER (WHERE is_answered_10s) AS numerator
FROM calls_999_monthly
GROUP BY offered_month
