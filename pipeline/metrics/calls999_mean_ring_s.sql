-- grain: one month, force-wide only: the calls extract carries no area (rollup.ts sums each period)
-- calls999_mean_ring_s: mean ring time in seconds (answered_at − offered_at) of answered 999
-- calls, placed by offered_at. numerator = total ring seconds, denominator = answered calls.
SELECT
  offered_month AS month_start,
  sum(ring_s) FILTER (WHERE is_answered) AS numerator,
  sum(calls) FILTER (WHERE is_answered) AS denominator
FROM calls_999_monthly
GROUP BY offered_month
