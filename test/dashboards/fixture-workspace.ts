// A small but complete workspace for tests that need a real warehouse quickly (the dashboards'
// own tests use the demo force; the pack tests use this): canonical tables filled by SQL from a
// seeded random generator, ledger and quarantine rows, models built, and two meetings in reports/.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspacePaths, type WorkspacePaths } from '../../pipeline/config.ts';
import { buildModels } from '../../pipeline/models/build.ts';
import type { ExtractName } from '../../pipeline/extracts/index.ts';
import { ident, openWriter, sqlString } from '../../pipeline/warehouse/duckdb.ts';
import { createFileTable, fileTableName, refreshCanonicalView } from '../../pipeline/warehouse/file-tables.ts';
import { createSchema, loadReferenceTables } from '../../pipeline/warehouse/schema.ts';

const areas = [
  ['DC', 'Derby City'],
  ['CH', 'Chesterfield'],
  ['AV', 'Amber Valley'],
  ['ER', 'Erewash'],
  ['HP', 'High Peak'],
  ['NE', 'North East Derbyshire & Bolsover'],
  ['DD', 'Derbyshire Dales'],
  ['SD', 'South Derbyshire'],
];
const groups = `ho_offence_code,offence_group,offence_name
5D,violence_with_injury,Assault with intent to cause serious harm
8N,violence_with_injury,Assault with injury
105A,violence_without_injury,Assault without injury
8Q,stalking_harassment,Stalking
8L,stalking_harassment,Harassment
19C,rape,Rape of a female aged 16 and over
20A,other_sexual_offences,Sexual assault on a female aged 13 and over
49,other,Other
`;

// Dates run Apr 2019 to Oct 2023 (1,674 days), as the demo's do.
const START = "DATE '2019-04-01'";
const DAYS = 1674;
const day = `(${START} + (floor(random() * ${DAYS}))::INTEGER)`;
const pick = (list: string[]) => `(${sqlString(list.join('|'))}).split('|')[1 + floor(random() * ${list.length})::INTEGER]`;

const generators: [ExtractName, string][] = [
  [
    'crimes',
    `SELECT 'CR-' || lpad(i::VARCHAR, 7, '0') AS crime_ref, d AS recorded_date, d - 3 AS offence_date,
      ${pick(['5D', '8N', '8N', '105A', '105A', '8Q', '8L', '8L', '19C', '20A', '49', '49', '49'])} AS ho_offence_code,
      NULL AS offence_description, ${pick(areas.map((a) => a[0]!))} AS area, random() < 0.3 AS domestic_abuse_flag,
      ${pick(['F', 'F', 'F', 'M', 'M', 'U'])} AS victim_sex, ${pick(['0-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'])} AS victim_age_band
    FROM (SELECT i, ${day} AS d FROM range(60000) t(i))`,
  ],
  [
    'outcomes',
    `SELECT crime_ref, ${pick(['1', '1', '2', '3', '8', '14', '15', '16', '18', '20'])} AS outcome_code,
      least(recorded_date + (10 + floor(random() * 200))::INTEGER, DATE '2023-10-31') AS outcome_date
    FROM crimes WHERE random() < 0.6`,
  ],
  [
    'orders',
    `SELECT 'OR-' || lpad(i::VARCHAR, 6, '0') AS order_ref, ${pick(['DVPN', 'DVPN', 'DVPO', 'SPO'])} AS order_type, d AS applied_date,
      ${pick(['granted', 'granted', 'granted', 'granted', 'refused', 'withdrawn'])} AS decision, d + 2 AS decision_date,
      d + 2 + (28 + floor(random() * 700))::INTEGER AS expiry_date, NULL AS crime_ref, ${pick(areas.map((a) => a[0]!))} AS area
    FROM (SELECT i, ${day} AS d FROM range(1800) t(i))`,
  ],
  [
    'breaches',
    `SELECT 'BR-' || lpad(row_number() OVER ()::VARCHAR, 6, '0') AS breach_ref, order_ref,
      least(decision_date + (1 + floor(random() * 60))::INTEGER, DATE '2023-10-31') AS breach_date,
      ${pick(['charged', 'charged', 'presented_to_court', 'cautioned', 'nfa'])} AS action
    FROM orders WHERE decision = 'granted' AND random() < 0.2`,
  ],
  // 999 calls: ring times mostly a few seconds, some long, some abandoned.
  [
    'calls',
    `SELECT 'CL-' || lpad(i::VARCHAR, 8, '0') AS call_id, '999' AS line, '999' AS queue, t AS offered_at,
      CASE WHEN r < 0.03 THEN NULL ELSE t + to_microseconds((random() * CASE WHEN r < 0.2 THEN 40 ELSE 9 END * 1e6)::BIGINT) END AS answered_at,
      CASE WHEN r < 0.03 THEN t + INTERVAL 20 SECOND END AS abandoned_at
    FROM (SELECT i, random() AS r, ${START}::TIMESTAMP + to_microseconds((random() * ${DAYS} * 86400e6)::BIGINT) AS t FROM range(90000) t(i))
    UNION ALL
    SELECT 'CL-' || lpad((1000000 + i)::VARCHAR, 8, '0'), '101', q, t + CASE WHEN q = '101-cw' THEN INTERVAL 90 SECOND ELSE INTERVAL 0 SECOND END,
      t + CASE WHEN q = '101-cw' THEN INTERVAL 90 SECOND ELSE INTERVAL 0 SECOND END + to_microseconds((random() * 120e6)::BIGINT), NULL
    FROM (SELECT i, ${START}::TIMESTAMP + to_microseconds((random() * ${DAYS} * 86400e6)::BIGINT) AS t FROM range(40000) t(i)),
      (VALUES ('101-triage'), ('101-cw')) q(q)`,
  ],
  [
    'dvds',
    `SELECT 'DV-' || lpad(i::VARCHAR, 6, '0') AS request_ref, ${pick(['right_to_ask', 'right_to_know'])} AS route, d AS received_date,
      d + 20 AS decision_date, random() < 0.5 AS disclosed, d + (10 + floor(random() * 30))::INTEGER AS disclosure_date
    FROM (SELECT i, ${day} AS d FROM range(3000) t(i))`,
  ],
];

function meeting(date: string, dataTo: string, title: string): object {
  return {
    title,
    shortTitle: title,
    date,
    time: '10:00',
    leadDays: 7,
    releaseAt: `${date}T09:00`,
    dataTo,
    purpose: 'To update the Commissioner on the force’s performance.',
    recommendation: 'The Commissioner notes the report.',
    agenda: [
      { title: 'Performance report', report: true },
      { title: 'Public questions', questions: true },
    ],
    sections: [
      {
        id: 'contact',
        title: 'Contact management',
        charts: [{ metric: 'calls999_answered_10s_pct' }, { metric: 'calls101_calls' }],
        tables: [],
      },
      {
        id: 'vawg',
        title: 'VAWG',
        charts: [{ metric: 'rasso_positive_outcome_rate_pct' }],
        tables: [{ id: 'ye', title: 'VAWG', metrics: ['vawg_rape', 'vawg_domestic_abuse'], grain: 'r12', periods: [dataTo] }],
      },
    ],
  };
}

/** Creates the workspace under a fresh temporary folder and returns its paths. */
export async function makeFixtureWorkspace(): Promise<WorkspacePaths> {
  const root = mkdtempSync(join(tmpdir(), 'psm-dash-'));
  const paths = workspacePaths(root);
  const ref = join(root, 'reference');
  mkdirSync(ref, { recursive: true });
  mkdirSync(paths.warehouseDir, { recursive: true });
  writeFileSync(join(ref, 'areas.json'), JSON.stringify(areas.map(([area, area_name]) => ({ area, area_name }))));
  writeFileSync(join(ref, 'ho-offence-groups.csv'), groups);
  const w = await openWriter(paths.warehouse);
  try {
    await createSchema(w.conn);
    await loadReferenceTables(w.conn, ref);
    await w.conn.run('SELECT setseed(0.4242)');
    for (const [table, sql] of generators) {
      const [from, to] = table === 'calls' ? ['offered_at::DATE', 'offered_at::DATE'] : ['NULL::DATE', 'NULL::DATE'];
      const file = sqlString(`${table}_2019-04_2023-10.csv`);
      const hash = table.padEnd(64, '0');
      const sha = sqlString(hash);
      await createFileTable(w.conn, table, hash, `SELECT *, 2::INTEGER AS source_row FROM (${sql})`);
      await w.conn.run(`INSERT INTO ledger SELECT ${sha}, ${file}, ${sqlString(table)},
        TIMESTAMP '2023-11-01 02:00:00', coalesce(min(${from}), DATE '2019-04-01'), coalesce(max(${to}), DATE '2023-10-31'), count(*) + 3, count(*), 3, 0, 0, 0, NULL
        FROM ${ident(fileTableName(table, hash))}`);
      await refreshCanonicalView(w.conn, table);
      await w.conn.run(`INSERT INTO quarantine VALUES
        (${sha}, ${file}, ${sqlString(table)}, 17, 'area', 'ZZ', 'area "ZZ" is not a known area code', 'is not a known area code'),
        (${sha}, ${file}, ${sqlString(table)}, 41, NULL, NULL, 'line 41 could not be split into fields', 'line could not be split into fields'),
        (${sha}, ${file}, ${sqlString(table)}, 90, 'date', '31/02/2023', 'date "31/02/2023" is not a date', 'is not a date')`);
    }
    await buildModels(w.conn);
  } finally {
    w.close();
  }
  for (const [id, date, dataTo, title] of [
    ['2023-07-12-psm', '2023-07-12', '2023-05', 'Performance Scrutiny Meeting, July 2023'],
    ['2023-11-08-psm', '2023-11-08', '2023-09', 'Performance Scrutiny Meeting, November 2023'],
  ] as const) {
    const dir = join(paths.reports, id);
    mkdirSync(join(dir, 'sections'), { recursive: true });
    writeFileSync(join(dir, 'meeting.json'), JSON.stringify(meeting(date, dataTo, title), null, 2));
    for (const s of ['contact', 'vawg']) writeFileSync(join(dir, 'sections', `${s}.md`), `Commentary for ${s}.\n`);
  }
  return paths;
}
