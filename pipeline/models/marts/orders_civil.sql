-- grain: one civil order application (DVPN/DVPO, SPO and the other order types)
-- key: order_ref
-- reads: stg_orders
SELECT
  order_ref, order_type, is_dvpn, is_spo,
  applied_date, applied_month,
  decision, is_granted, decision_date, decision_month,
  expiry_date, crime_ref, area
FROM stg_orders
