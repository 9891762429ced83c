// Feedback while ingesting: a bar per file on a terminal (rows, rows/s), plain lines otherwise.
import cliProgress from 'cli-progress';
import { loadSteps } from './load-file.ts';
import { describeFile, type FileReport } from './report.ts';

export interface Progress {
  start(file: string, bytes: number): void;
  /** A step of loadFile finished (see loadSteps). */
  step?(name: string): void;
  done(report: FileReport): void;
}

export const silentProgress: Progress = { start() {}, done() {} };

/** Plain lines on stderr: right for logs, cron mail and CI. */
export function lineProgress(): Progress {
  return {
    start(file, bytes) {
      process.stderr.write(`… ${file} (${(bytes / 1e6).toFixed(1)} MB)\n`);
    },
    done(report) {
      process.stderr.write(describeFile(report) + rate(report) + '\n');
    },
  };
}

const rate = (r: FileReport) => (r.ms > 0 && r.rows ? `  [${Math.round((r.rows / r.ms) * 1000).toLocaleString('en-GB')} rows/s]` : '');

/** A bar per file; DuckDB reads a file in one call, so the bar moves by step and ends with rows/s. */
export function barProgress(): Progress {
  let bar: cliProgress.SingleBar | undefined;
  let done = 0;
  return {
    start(file, bytes) {
      done = 0;
      bar = new cliProgress.SingleBar(
        { format: `{file} |{bar}| {status}`, hideCursor: true, clearOnComplete: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      );
      bar.start(loadSteps.length, 0, { file: file.padEnd(32), status: `reading ${(bytes / 1e6).toFixed(1)} MB` });
    },
    step(name) {
      const next = loadSteps[loadSteps.indexOf(name as (typeof loadSteps)[number]) + 1];
      bar?.update(++done, { status: next ? `${next}…` : 'publishing…' });
    },
    done(report) {
      bar?.update(loadSteps.length, { status: `${report.rows.toLocaleString('en-GB')} rows${rate(report)}` });
      bar?.stop();
      bar = undefined; // an unchanged file has no bar of its own
      process.stderr.write(describeFile(report) + rate(report) + '\n');
    },
  };
}

export const progressFor = (json: boolean): Progress => (json || !process.stderr.isTTY ? lineProgress() : barProgress());
