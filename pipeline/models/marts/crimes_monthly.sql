-- grain: one month × area × offence group × the flags the crime counts filter on, of recorded crimes: how many
-- key: recorded_month, area, offence_group, is_female_victim, is_domestic_abuse, is_stalking
-- reads: crimes_enriched
-- materialized: view (10K rows at 43 forces: a metrics query computes it once for all, metrics/compute.ts)
-- The VAWG, violence, RASSO-recorded and SPO-rate metrics add up these cells rather than counting
-- crimes_enriched rows: each counting its own scanned every crimes file table and looked up every
-- offence group again (19M crimes at national size, 0.3–0.6 s a metric); summed from the cells
-- the counts are the same, and the crimes are read once. is_rasso follows from offence_group.
SELECT
  recorded_month,
  area,
  offence_group,
  is_female_victim,
  is_domestic_abuse,
  is_rasso,
  is_stalking,
  count(*) AS crimes
FROM crimes_enriched
GROUP BY ALL
