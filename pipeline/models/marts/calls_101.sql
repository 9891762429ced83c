-- grain: one 101 call (a distinct call_id on line '101'), its triage and ControlWorks legs side by side
-- key: call_id
-- reads: stg_calls
-- incremental: call_id (a night's files recompute the call_id values they hold: models/refresh.ts)
-- The call belongs to the month of its earliest offered_at (normally the triage leg). A call
-- abandoned in triage has no ControlWorks (cw) leg, so its cw_* columns are NULL.
SELECT
  call_id,
  min(offered_at) AS first_offered_at,
  date_trunc('month', min(offered_at))::DATE AS call_month,
  any_value(offered_at) FILTER (WHERE queue = '101-triage') AS triage_offered_at,
  any_value(answered_at) FILTER (WHERE queue = '101-triage') AS triage_answered_at,
  any_value(ring_s) FILTER (WHERE queue = '101-triage') AS triage_ring_s,
  any_value(offered_at) FILTER (WHERE queue = '101-cw') AS cw_offered_at,
  any_value(answered_at) FILTER (WHERE queue = '101-cw') AS cw_answered_at,
  any_value(ring_s) FILTER (WHERE queue = '101-cw') AS cw_ring_s,
  -- answered within 60.0 s of the cw leg being offered (microseconds, so exactly 60 s counts)
  coalesce(bool_or(queue = '101-cw' AND ring_us <= 60000000), false) AS is_cw_answered_60s,
  bool_or(is_abandoned) AS is_abandoned
FROM stg_calls
WHERE line = '101'
GROUP BY call_id
