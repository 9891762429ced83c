-- grain: one breach of a civil order, with the order's type and area
-- key: breach_ref
-- reads: stg_breaches, stg_orders
-- A breach whose order_ref is not in `orders` is left out: without the order its type is unknown.
SELECT
  b.breach_ref, b.order_ref, b.breach_date, b.breach_month,
  b.action, b.is_to_court, b.is_charged,
  o.order_type, o.is_dvpn, o.is_spo, o.area
FROM stg_breaches b
JOIN stg_orders o USING (order_ref)
