-- grain: one month × one area (rollup.ts adds the force total and sums the months of each period)
-- rasso_recorded: RASSO crimes (HO offence groups rape and other_sexual_offences), any victim, by recorded_date.
SELECT recorded_month AS month_start, area, sum(crimes) AS numerator
FROM crimes_monthly
WHERE is_rasso
GROUP BY recorded_month, area
