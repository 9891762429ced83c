// Writes the crimes and outcomes extracts, one file per financial year, each in a different export
// style (BOM, Windows-1252, gzip, ISO or dd/mm/yyyy dates, CRLF), plus one amended re-send:
// crimes_2022-23.csv carries a few hundred wrong rows that crimes_2022-23_amended.csv corrects.
import { G } from './calendar-targets.ts';
import { CsvSink, q, type SinkStyle, type WrittenFile } from './csv-writer.ts';
import { F, SEX, groupOf, isRasso, type CrimeStore } from './crimes.ts';
import { dayInFy, dayOf, fmtDate, fyLabel, fyOfMonth, monthOfDay, type DateStyle } from './dates.ts';
import { FUTURE_YEARS, IMPOSSIBLE_DMY, IMPOSSIBLE_ISO, Mess, NOT_DATES } from './mess.ts';
import { OUTCOME_CODES, outcomeOrder, type OutcomeStore } from './outcomes.ts';
import { int, type Rng } from './prng.ts';
import { ageBands, areas, notes, offences } from './reference.ts';

interface FileStyle {
  name: string;
  dates: DateStyle;
  flags: [string, string];
  sink: SinkStyle;
  upperHeader?: boolean;
  /** Columns in the force's order for that year (ingest matches by name). */
  columns?: string[];
}

const CRIME_COLS = [
  'crime_ref',
  'recorded_date',
  'offence_date',
  'ho_offence_code',
  'offence_description',
  'area',
  'domestic_abuse_flag',
  'victim_sex',
  'victim_age_band',
];
const CRIME_STYLES: FileStyle[] = [
  { name: 'crimes_2019-20.csv', dates: 'dmy', flags: ['Y', 'N'], sink: { bom: true, eol: '\r\n' } },
  { name: 'crimes_2020-21.csv', dates: 'dmy', flags: ['Yes', 'No'], sink: { encoding: 'win1252', eol: '\r\n' }, upperHeader: true },
  { name: 'crimes_2021-22.csv.gz', dates: 'iso', flags: ['true', 'false'], sink: { gzipLevel: 3 } },
  { name: 'crimes_2022-23.csv', dates: 'iso', flags: ['Y', 'N'], sink: { trailingBlankLines: 2 } },
  {
    name: 'crimes_2023-24.csv',
    dates: 'dmy',
    flags: ['Y', 'N'],
    sink: {},
    columns: [
      'crime_ref',
      'recorded_date',
      'offence_date',
      'area',
      'ho_offence_code',
      'offence_description',
      'victim_sex',
      'victim_age_band',
      'domestic_abuse_flag',
    ],
  },
];
const AMENDED: FileStyle = { name: 'crimes_2022-23_amended.csv', dates: 'dmy', flags: ['1', '0'], sink: { bom: true, eol: '\r\n' } };

type CrimeRow = Record<string, string>;

function crimeRow(c: CrimeStore, i: number, st: FileStyle): CrimeRow {
  const o = offences[c.code[i]];
  const note = c.note[i];
  return {
    crime_ref: c.ref[i],
    recorded_date: fmtDate(c.rec[i], st.dates),
    offence_date: c.off[i] < 0 ? '' : fmtDate(c.off[i], st.dates),
    ho_offence_code: o.code,
    offence_description: i % 97 === 13 ? '' : note ? `${o.name}. ${notes[note - 1]}` : o.name,
    area: areas[c.area[i]].area,
    domestic_abuse_flag: st.flags[c.da[i] ? 0 : 1],
    victim_sex: SEX[c.sex[i]],
    victim_age_band: ageBands[c.age[i]],
  };
}
const join = (r: CrimeRow, st: FileStyle) =>
  (st.columns ?? CRIME_COLS).map((k) => (k === 'offence_description' ? q(r[k]) : r[k])).join(',');
const header = (st: FileStyle, cols: string[]) => (st.upperHeader ? cols.map((c) => c.toUpperCase()) : cols).join(',');

/** The wrong version an original export held for a crime the amended file corrects. */
function wrongRow(rng: Rng, c: CrimeStore, i: number, r: CrimeRow, st: FileStyle): CrimeRow {
  const w = { ...r };
  const g = groupOf(c, i);
  const k = int(rng, 0, 3);
  if (k === 0 && c.sex[i] === F) w.victim_sex = 'U';
  else if (k === 1) w.domestic_abuse_flag = st.flags[c.da[i] ? 1 : 0];
  else if (k === 2 && g === G.VWI) w.ho_offence_code = '105A';
  else if (k === 2 && g === G.VWOI) w.ho_offence_code = '8N';
  else w.area = areas[(c.area[i] + 1) % areas.length].area;
  return w;
}

function crimeMess(rng: Rng, c: CrimeStore, st: FileStyle, fy: number): Mess {
  let seq = 900_000 + fy * 10_000;
  const bad = (kind: string, r: Rng): string => {
    const i = int(r, 0, c.n - 1);
    const row = crimeRow(c, i, st);
    row.crime_ref = `CR-${fyLabel(fy).slice(2, 4)}-${++seq}`;
    const day = dayInFy(r(), fy);
    row.recorded_date = fmtDate(day, st.dates);
    row.offence_date = '';
    switch (kind) {
      case 'empty_area':
        row.area = '';
        break;
      case 'empty_ref':
        row.crime_ref = '';
        break;
      case 'not_a_date':
        row.recorded_date = NOT_DATES[int(r, 0, NOT_DATES.length - 1)];
        break;
      case 'impossible_date':
        row.recorded_date = (st.dates === 'dmy' ? IMPOSSIBLE_DMY : IMPOSSIBLE_ISO)[int(r, 0, 4)];
        break;
      case 'unknown_sex':
        row.victim_sex = 'X';
        break;
      case 'unknown_age_band':
        row.victim_age_band = '16-17';
        break;
      case 'not_a_flag':
        row.domestic_abuse_flag = 'maybe';
        break;
      case 'future':
        row.recorded_date = fmtDate(dayOf(FUTURE_YEARS[int(r, 0, 2)], 3, 1) + int(r, 0, 200), st.dates);
        break;
      default:
        row.offence_date = fmtDate(day + 3, st.dates); // offence after it was recorded
    }
    return join(row, st);
  };
  const kinds = [
    'empty_area',
    'empty_ref',
    'not_a_date',
    'impossible_date',
    'unknown_sex',
    'unknown_age_band',
    'not_a_flag',
    'future',
    'offence_after_recorded',
  ];
  return new Mess(rng, { kinds, rate: 0.003, dupRate: 0.0006, bad });
}

export function writeCrimes(
  rng: Rng,
  dir: string,
  c: CrimeStore,
): { files: Promise<WrittenFile>[]; mess: Record<string, number>[]; amended: number } {
  const files: Promise<WrittenFile>[] = [];
  const mess: Record<string, number>[] = [];
  const amendedRows: string[] = [];
  let i = 0;
  for (let fy = 0; fy < CRIME_STYLES.length; fy++) {
    const st = CRIME_STYLES[fy];
    const sink = new CsvSink(`${dir}/${st.name}`, 'crimes', header(st, st.columns ?? CRIME_COLS), st.sink);
    const m = crimeMess(rng, c, st, fy);
    for (; i < c.n && fyOfMonth(c.month[i]) === fy; i++) {
      const row = crimeRow(c, i, st);
      // FY 2022/23: 0.3% of crimes (not RASSO) went out wrong and are re-sent corrected.
      if (fy === 3 && !isRasso(c, i) && rng() < 0.003) {
        sink.row(join(wrongRow(rng, c, i, row, st), st));
        amendedRows.push(join(crimeRow(c, i, AMENDED), AMENDED));
        m.after(sink);
        continue;
      }
      const line = join(row, st);
      sink.row(line);
      // A later copy with the victim's sex changed must lose to the first.
      m.after(sink, () => join({ ...row, victim_sex: row.victim_sex === 'F' ? 'M' : 'F' }, st));
    }
    mess.push(m.finish(sink));
    files.push(sink.close());
  }
  const amended = new CsvSink(`${dir}/${AMENDED.name}`, 'crimes', header(AMENDED, CRIME_COLS), AMENDED.sink);
  for (const line of amendedRows) amended.row(line);
  files.push(amended.close());
  return { files, mess, amended: amendedRows.length };
}

const OUTCOME_STYLES: FileStyle[] = [
  { name: 'outcomes_2019-20.csv', dates: 'iso', flags: ['', ''], sink: {} },
  { name: 'outcomes_2020-21.csv', dates: 'dmy', flags: ['', ''], sink: { eol: '\r\n' } },
  { name: 'outcomes_2021-22.csv.gz', dates: 'iso', flags: ['', ''], sink: { gzipLevel: 3 } },
  { name: 'outcomes_2022-23.csv', dates: 'dmy', flags: ['', ''], sink: { bom: true } },
  { name: 'outcomes_2023-24.csv', dates: 'iso', flags: ['', ''], sink: { eol: '\r\n', trailingBlankLines: 1 } },
];

export function writeOutcomes(
  rng: Rng,
  dir: string,
  c: CrimeStore,
  o: OutcomeStore,
): { files: Promise<WrittenFile>[]; mess: Record<string, number>[] } {
  const order = outcomeOrder(o);
  const files: Promise<WrittenFile>[] = [];
  const mess: Record<string, number>[] = [];
  let k = 0;
  for (let fy = 0; fy < OUTCOME_STYLES.length; fy++) {
    const st = OUTCOME_STYLES[fy];
    const sink = new CsvSink(`${dir}/${st.name}`, 'outcomes', 'crime_ref,outcome_code,outcome_date', st.sink);
    let seq = 0;
    const bad = (kind: string, r: Rng): string => {
      const day = dayInFy(r(), fy);
      const ref = kind === 'unknown_crime' ? `CR-18-0${String(10_000 + ++seq * 7).padStart(5, '0')}` : c.ref[int(r, 0, c.n - 1)];
      const date = fmtDate(day, st.dates);
      switch (kind) {
        case 'empty_code':
          return `${ref},,${date}`;
        case 'not_a_date':
          return `${ref},16,${NOT_DATES[int(r, 0, NOT_DATES.length - 1)]}`;
        case 'impossible_date':
          return `${ref},15,${(st.dates === 'dmy' ? IMPOSSIBLE_DMY : IMPOSSIBLE_ISO)[int(r, 0, 4)]}`;
        case 'unknown_code':
          return `${ref},${['99', '19X', 'NFA'][int(r, 0, 2)]},${date}`;
        case 'future':
          return `${ref},1,${fmtDate(dayOf(FUTURE_YEARS[int(r, 0, 2)], 6, 1), st.dates)}`;
        default:
          return `${ref},18,${date}`; // a crime recorded before the extract began: loaded, warned
      }
    };
    const m = new Mess(rng, {
      kinds: ['empty_code', 'not_a_date', 'impossible_date', 'unknown_code', 'future', 'unknown_crime'],
      rate: 0.003,
      dupRate: 0.0006,
      bad,
    });
    for (; k < o.n && fyOfMonth(monthOfDay(o.day[order[k]])) === fy; k++) {
      const j = order[k];
      const ref = c.ref[o.crime[j]];
      const date = fmtDate(o.day[j], st.dates);
      const line = `${ref},${OUTCOME_CODES[o.code[j]]},${date}`;
      sink.row(line);
      // A repeat on the same date with another code must lose to the first copy.
      m.after(sink, () => `${ref},${o.code[j] === 0 ? '16' : '1'},${date}`);
    }
    mess.push(m.finish(sink));
    files.push(sink.close());
  }
  return { files, mess };
}
