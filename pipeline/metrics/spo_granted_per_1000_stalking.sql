-- grain: one month × one area × one source (SPOs granted, stalking crimes); rollup.ts adds them up per period
-- spo_granted_per_1000_stalking: SPOs granted in the window (decision_date) per 1,000 stalking
-- crimes recorded in the window (HO code 8Q, recorded_date, any victim). The SPOs need not arise
-- from those crimes: it is a rate of use, as the force reports it (003 §9.6). Each source gives its
-- own rows; the roll-up adds rows of the same month and area.
SELECT decision_month AS month_start, area, count(*) AS numerator, 0 AS denominator
FROM orders_civil
WHERE is_spo AND is_granted
GROUP BY decision_month, area
UNION ALL
SELECT recorded_month, area, 0, sum(crimes)
FROM crimes_monthly
WHERE is_stalking
GROUP BY recorded_month, area
