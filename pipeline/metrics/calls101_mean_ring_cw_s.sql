-- grain: one month, force-wide only: the calls extract carries no area (rollup.ts sums each period)
-- calls101_mean_ring_cw_s: mean ring time in seconds of answered 101-cw (ControlWorks) legs,
-- placed by the call's earliest offered_at. numerator = total seconds, denominator = answered legs.
SELECT call_month AS month_start, sum(cw_ring_s) AS numerator, count(cw_ring_s) AS denominator
FROM calls_101
GROUP BY call_month
