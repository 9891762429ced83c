-- grain: one month × answered × abandoned × answered within 10 s, of 999 calls: how many, and their ring seconds
-- key: offered_month, is_answered, is_abandoned, is_answered_10s
-- reads: calls_999
-- materialized: view (a few rows a month: a metrics query computes it once for all, metrics/compute.ts)
-- The 999 metrics count and sum these cells rather than calls_999 itself: each reading the calls
-- scanned every calls file table again (31.7M 999 calls of 121M legs at national size, 1.5 s a
-- metric); summed from the cells the figures are the same, and the calls are read once.
SELECT
  offered_month,
  is_answered,
  is_abandoned,
  is_answered_10s,
  count(*) AS calls,
  -- NULL where none is answered (an unanswered call has no ring time)
  sum(ring_s) AS ring_s
FROM calls_999
GROUP BY ALL
