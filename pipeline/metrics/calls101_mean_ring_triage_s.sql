-- grain: one month, force-wide only: the calls extract carries no area (rollup.ts sums each period)
-- calls101_mean_ring_triage_s: mean ring time in seconds of answered 101-triage (IVR) legs,
-- placed by the call's earliest offered_at. numerator = total seconds, denominator = answered legs.
SELECT call_month AS month_start, sum(triage_ring_s) AS numerator, count(triage_ring_s) AS denominator
FROM calls_101
GROUP BY call_month
