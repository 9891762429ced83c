-- grain: one Clare's Law (DVDS) request
-- key: request_ref
-- reads: stg_dvds
SELECT
  request_ref, route, received_date, received_month,
  decision_date IS NOT NULL AS has_decision,
  -- disclosed within the statutory 28 days, counted from the day the request was received
  coalesce(disclosed AND days_to_disclosure <= 28, false) AS is_disclosed_within_28d,
  disclosed, disclosure_date, days_to_disclosure
FROM stg_dvds
