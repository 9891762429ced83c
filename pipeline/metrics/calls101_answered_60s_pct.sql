-- grain: one month, force-wide only: the calls extract carries no area (rollup.ts sums each period)
-- calls101_answered_60s_pct: 101 calls whose ControlWorks (101-cw) leg was answered at most 60.0 s
-- after that leg was offered, over all 101 calls ×100 (calls abandoned in triage, which never
-- reach ControlWorks, stay in the denominator), placed by the call's earliest offered_at.
SELECT call_month AS month_start, count(*) FILTER (WHERE is_cw_answered_60s) AS numerator, count(*) AS denominator
FROM calls_101
GROUP BY call_month
