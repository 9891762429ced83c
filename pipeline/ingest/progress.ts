// Feedback while ingesting: a bar per file on a terminal (rows, rows/s), plain lines otherwise.
import cliProgress from 'cli-progress';
import { forTerminal } from '../terminal.ts';
import { loadSteps } from './commit-file.ts';
import { describeFile, type FileReport } from './report.ts';

export interface Progress {
  start(file: string, bytes: number): void;
  /** A step of loading `file` finished (see loadSteps). Two files may be in progress at once. */
  step?(file: string, name: string): void;
  done(report: FileReport): void;
}

export const silentProgress: Progress = { start() {}, done() {} };

/** Plain lines on stderr: right for logs, cron mail and CI. */
export function lineProgress(): Progress {
  return {
    start(file, bytes) {
      process.stderr.write(`… ${forTerminal(file)} (${(bytes / 1e6).toFixed(1)} MB)\n`);
    },
    done(report) {
      process.stderr.write(finished(report) + '\n');
    },
  };
}

const rate = (r: FileReport) => (r.ms > 0 && r.rows ? `  [${Math.round((r.rows / r.ms) * 1000).toLocaleString('en-GB')} rows/s]` : '');

/** A finished file's paragraph with its first problem rows, its speed on the first line. */
function finished(r: FileReport): string {
  const [head, ...rest] = describeFile(r, 3).split('\n');
  return [head + rate(r), ...rest].join('\n');
}

/** A bar per file in progress; DuckDB reads a file in one call, so a bar moves by step and ends with rows/s. */
export function barProgress(): Progress {
  const multi = new cliProgress.MultiBar(
    { format: `{file} |{bar}| {status}`, hideCursor: true, clearOnComplete: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, { bar: cliProgress.SingleBar; done: number }>();
  return {
    start(file, bytes) {
      const bar = multi.create(loadSteps.length, 0, {
        file: forTerminal(file).padEnd(32),
        status: `reading ${(bytes / 1e6).toFixed(1)} MB`,
      });
      bars.set(file, { bar, done: 0 });
    },
    step(file, name) {
      const b = bars.get(file);
      if (!b) return;
      const next = loadSteps[loadSteps.indexOf(name as (typeof loadSteps)[number]) + 1];
      b.bar.update(++b.done, { status: next ? `${next}…` : 'done' });
    },
    done(report) {
      const b = bars.get(report.file);
      if (b) {
        multi.remove(b.bar);
        bars.delete(report.file);
      }
      // A finished file's line goes above the bars still running (an unchanged file has no bar).
      multi.log(finished(report) + '\n');
      multi.update(); // flush the line now (stop() would drop it)
      if (!bars.size) multi.stop();
    },
  };
}

export const progressFor = (json: boolean): Progress => (json || !process.stderr.isTTY ? lineProgress() : barProgress());
