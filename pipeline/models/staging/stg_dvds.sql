-- grain: one Clare's Law (DVDS) request (a view over the canonical `dvds` table)
SELECT
  d.request_ref,
  d.route,
  d.received_date,
  date_trunc('month', d.received_date)::DATE AS received_month,
  d.decision_date,
  d.disclosed,
  d.disclosure_date,
  -- whole days, calendar: received on the 1st and disclosed on the 29th is 28 days
  date_diff('day', d.received_date, d.disclosure_date) AS days_to_disclosure,
  d.source_sha256,
  d.source_row
FROM dvds d
