-- grain: one month × one area (rollup.ts adds the force total and sums the months of each period)
-- vawg_other_sexual_offences: crimes in HO offence group other_sexual_offences with a female victim (victim_sex 'F'), by recorded_date.
SELECT recorded_month AS month_start, area, sum(crimes) AS numerator
FROM crimes_monthly
WHERE offence_group = 'other_sexual_offences' AND is_female_victim
GROUP BY recorded_month, area
