-- grain: one loaded file that still holds rows: how many, the first and last date they hold, and their area codes
-- key: source_sha256
-- reads: crimes, outcomes, orders, breaches, calls, dvds
-- incremental: source_sha256
-- Each extract's rows are placed in time by the date its contract names. The warehouse's span
-- (data_span) and its areas (report_areas) are summed up from these rows, a thousand at national
-- size, where each used to scan every extract whenever any file arrived (2.5–3.5 s of a night).
-- A night recomputes only the files whose live_rows the ledger disagrees with (models/refresh.ts).
-- The codes are distinct as sent, untrimmed (report_areas trims the few of them), and sorted so
-- a file recomputed gives the same row.
SELECT source_sha256, 'crimes' AS extract, count(*) AS live_rows,
  min(recorded_date) AS first_date, max(recorded_date) AS last_date, list_sort(list(DISTINCT area)) AS areas
FROM crimes GROUP BY source_sha256
UNION ALL SELECT source_sha256, 'outcomes', count(*), min(outcome_date), max(outcome_date), NULL FROM outcomes GROUP BY source_sha256
UNION ALL SELECT source_sha256, 'orders', count(*), min(applied_date), max(applied_date), list_sort(list(DISTINCT area)) FROM orders GROUP BY source_sha256
UNION ALL SELECT source_sha256, 'breaches', count(*), min(breach_date), max(breach_date), NULL FROM breaches GROUP BY source_sha256
UNION ALL SELECT source_sha256, 'calls', count(*), min(offered_at)::DATE, max(offered_at)::DATE, NULL FROM calls GROUP BY source_sha256
UNION ALL SELECT source_sha256, 'dvds', count(*), min(received_date), max(received_date), NULL FROM dvds GROUP BY source_sha256
