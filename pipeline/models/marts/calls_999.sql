-- grain: one 999 call (a calls row on queue '999'; a 999 call has a single leg)
-- key: call_id
-- reads: stg_calls
-- materialized: view (a filter of stg_calls: reading it costs what storing it would)
SELECT
  call_id,
  offered_at,
  offered_month,
  is_answered,
  is_abandoned,
  ring_s,
  -- at most 10.0 s, compared in microseconds so exactly 10 s counts
  is_answered AND ring_us <= 10000000 AS is_answered_10s
FROM stg_calls
WHERE queue = '999'
