-- grain: one month × one area (rollup.ts adds the force total and sums the months of each period)
-- violence_with_injury: crimes in HO offence group violence_with_injury, any victim, by recorded_date.
SELECT recorded_month AS month_start, area, sum(crimes) AS numerator
FROM crimes_monthly
WHERE offence_group = 'violence_with_injury'
GROUP BY recorded_month, area
