-- grain: one calendar month inside one reporting period, for one reporting area
-- key: grain, period, area, month_start
-- reads: periods, report_areas
-- Additive metrics (counts, sums) are counted per month and area once, then summed over the
-- months of each window here: a join on month, not a scan of every row for every window.
SELECT
  p.grain, p.period, p.period_start, p.period_end,
  a.area,
  m::DATE AS month_start
FROM periods p
CROSS JOIN report_areas a
CROSS JOIN unnest(generate_series(p.period_start, p.period_end, INTERVAL 1 MONTH)) AS t(m)
