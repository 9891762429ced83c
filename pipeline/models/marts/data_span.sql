-- grain: one row: the first and last date the warehouse holds data for
-- key: one row
-- reads: file_spans
-- Each extract is placed in time by its period field (the date its contract names); the span is
-- the union of them, from each file's own span (file_spans). It drives the `periods` table and the
-- `as_of` date metrics report.
SELECT min(first_date) AS first_date, max(last_date) AS last_date FROM file_spans
