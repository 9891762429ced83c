-- grain: one month, force-wide only: the calls extract carries no area (rollup.ts sums each period)
-- calls101_abandoned_pct: 101 calls with any leg abandoned (in triage or in ControlWorks) over
-- all 101 calls ×100, placed by the call's earliest offered_at.
SELECT call_month AS month_start, count(*) FILTER (WHERE is_abandoned) AS numerator, count(*) AS denominator
FROM calls_101
GROUP BY call_month
