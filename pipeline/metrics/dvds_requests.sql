-- grain: one month, force-wide only: the DVDS extract carries no area (rollup.ts sums each period)
-- dvds_requests: Clare's Law (DVDS) requests, both routes, placed by received_date.
SELECT received_month AS month_start, count(*) AS numerator
FROM disclosure_requests
GROUP BY received_month
