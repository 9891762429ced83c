-- grain: one reporting period: a (grain, period) pair overlapping the warehouse's data span
-- key: grain, period
-- reads: data_span
-- Every grain is a whole number of calendar months, so each period is also listed month by month
-- in `window_months`. Period ids: month '2023-07', quarter '2023-Q3', fy '2022/23' (April-March),
-- cy '2023', r12 '2023-07' (the 12 months ending 31 Jul 2023), fytd '2023-08' (1 Apr 2023 to 31 Aug).
-- is_complete: the warehouse holds data for the whole period (not a part year at either end).
WITH months AS (
  SELECT m::DATE AS m
  FROM data_span, unnest(generate_series(date_trunc('month', first_date), date_trunc('month', last_date), INTERVAL 1 MONTH)) AS t(m)
  WHERE first_date IS NOT NULL
),
fy AS (
  -- the financial year a month falls in starts on the 1 April at or before it
  SELECT m, make_date(year(m) - CASE WHEN month(m) < 4 THEN 1 ELSE 0 END, 4, 1) AS fy_start FROM months
),
raw AS (
  SELECT 'month' AS grain, strftime(m, '%Y-%m') AS period, m AS period_start, last_day(m) AS period_end FROM months
  UNION
  SELECT 'quarter', year(m) || '-Q' || quarter(m), date_trunc('quarter', m)::DATE,
         last_day((date_trunc('quarter', m) + INTERVAL 2 MONTH)::DATE) FROM months
  UNION
  SELECT 'fy', year(fy_start) || '/' || lpad(((year(fy_start) + 1) % 100)::VARCHAR, 2, '0'), fy_start,
         (fy_start + INTERVAL 1 YEAR - INTERVAL 1 DAY)::DATE FROM fy
  UNION
  SELECT 'cy', year(m)::VARCHAR, make_date(year(m), 1, 1), make_date(year(m), 12, 31) FROM months
  UNION
  SELECT 'r12', strftime(m, '%Y-%m'), (m - INTERVAL 11 MONTH)::DATE, last_day(m) FROM months
  UNION
  SELECT 'fytd', strftime(m, '%Y-%m'), fy_start, last_day(m) FROM fy
)
SELECT
  r.grain, r.period, r.period_start, r.period_end,
  r.period_start >= date_trunc('month', s.first_date)::DATE AND r.period_end <= s.last_date AS is_complete
FROM raw r, data_span s
ORDER BY r.grain, r.period_start, r.period_end
