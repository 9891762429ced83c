-- grain: one civil order application (a view over the canonical `orders` table)
-- DVPN and DVPO are one family (the notice and the order that follows it), as the force counts them.
SELECT
  o.order_ref,
  o.order_type,
  o.order_type IN ('DVPN', 'DVPO') AS is_dvpn,
  o.order_type = 'SPO' AS is_spo,
  o.applied_date,
  date_trunc('month', o.applied_date)::DATE AS applied_month,
  o.decision,
  o.decision = 'granted' AS is_granted,
  o.decision_date,
  date_trunc('month', o.decision_date)::DATE AS decision_month,
  o.expiry_date,
  o.crime_ref,
  trim(o.area) AS area,
  o.source_sha256,
  o.source_row
FROM orders o
