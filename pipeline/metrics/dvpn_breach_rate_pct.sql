-- grain: one month × one area × one source (breaches, applications); rollup.ts adds them up per period
-- dvpn_breach_rate_pct: DVPN/DVPO breaches dated in the window (breach_date) over DVPN/DVPO
-- applications made in the window (applied_date) ×100 — over applications, not over orders
-- granted, because that is how the force publishes it (004 Q49: 27 of 160 = 17%). The two counts
-- are placed by different dates, so a breach need not belong to an application in the same window:
-- each source gives its own rows, and the roll-up adds rows of the same month and area.
SELECT breach_month AS month_start, area, count(*) AS numerator, 0 AS denominator
FROM order_breaches
WHERE is_dvpn
GROUP BY breach_month, area
UNION ALL
SELECT applied_month, area, 0, count(*)
FROM orders_civil
WHERE is_dvpn
GROUP BY applied_month, area
