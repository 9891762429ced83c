-- grain: one month, force-wide only: the calls extract carries no area (rollup.ts sums each period)
-- calls999_answered_10s_pct: 999 calls answered within 10.0 s over all 999 calls offered ×100
-- (abandoned calls stay in the denominator), placed by offered_at. Target 90%.
SELECT offered_month AS month_start, sum(calls) FILTER (WHERE is_answered_10s) AS numerator, sum(calls) AS denominator
FROM calls_999_monthly
GROUP BY offered_month
