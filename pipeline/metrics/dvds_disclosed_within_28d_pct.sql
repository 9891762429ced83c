-- grain: one month, force-wide only: the DVDS extract carries no area (rollup.ts sums each period)
-- dvds_disclosed_within_28d_pct: requests disclosed (disclosed true) with disclosure_date at
-- most 28 days after received_date, over requests with a decision (decision_date set) ×100, both
-- placed by received_date. Requests still awaiting a decision are left out of both counts (a
-- disclosure recorded without a decision_date is a data error and is not counted, so the rate
-- can never pass 100%).
SELECT
  received_month AS month_start,
  count(*) FILTER (WHERE has_decision AND is_disclosed_within_28d) AS numerator,
  count(*) FILTER (WHERE has_decision) AS denominator
FROM disclosure_requests
GROUP BY received_month
