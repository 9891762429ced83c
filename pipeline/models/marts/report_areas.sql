-- grain: one reporting area: 'force' (the whole force) and each area code
-- key: area
-- reads: areas, file_spans
-- Codes come from data/areas.json and from the data itself, so a code missing from the reference
-- list still gets its own row (and still counts in the force total) instead of silently vanishing.
SELECT 'force' AS area, 'Force' AS area_name, 0 AS sort_order
UNION ALL
SELECT area, max(area_name) AS area_name, 1 AS sort_order
FROM (
  SELECT area, area_name FROM areas
  -- The codes of crimes and orders, each file's distinct codes (file_spans) trimmed.
  UNION ALL SELECT trim(a), NULL FROM (SELECT unnest(areas) AS a FROM file_spans WHERE extract IN ('crimes', 'orders'))
)
WHERE area IS NOT NULL AND area <> 'force'
GROUP BY area
