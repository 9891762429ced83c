-- grain: one queue leg of a call (a view over the canonical `calls` table)
-- Ring time is measured in whole microseconds so "within 10.0 s" is an exact integer comparison:
-- a leg answered exactly 10.000 s after it was offered counts as within 10 s.
SELECT
  c.call_id,
  c.line,
  c.queue,
  c.offered_at,
  date_trunc('month', c.offered_at)::DATE AS offered_month,
  c.answered_at,
  c.abandoned_at,
  c.answered_at IS NOT NULL AS is_answered,
  c.abandoned_at IS NOT NULL AS is_abandoned,
  date_diff('microsecond', c.offered_at, c.answered_at) AS ring_us,
  date_diff('microsecond', c.offered_at, c.answered_at) / 1e6 AS ring_s,
  c.source_sha256,
  c.source_row
FROM calls c
