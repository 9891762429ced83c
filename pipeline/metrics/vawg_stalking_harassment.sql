-- grain: one month × one area (rollup.ts adds the force total and sums the months of each period)
-- vawg_stalking_harassment: crimes in HO offence group stalking_harassment with a female victim (victim_sex 'F'), by recorded_date.
SELECT recorded_month AS month_start, area, sum(crimes) AS numerator
FROM crimes_monthly
WHERE offence_group = 'stalking_harassment' AND is_female_victim
GROUP BY recorded_month, area
