// One problem found in a meeting's files, where it is. Shared by the parts of `psm meeting check`
// and by what prints them, so every problem reads `file:line:column: message` whatever found it.
import type { Loc } from './json-source.ts';

export interface Problem {
  /** An error stops the pack from printing; a warning is printed and the pack goes ahead. */
  severity: 'error' | 'warning';
  /** Relative to the workspace, e.g. reports/2024-02-07-vawg/meeting.json. */
  file: string;
  line: number;
  column: number;
  message: string;
}

export class Problems {
  readonly list: Problem[] = [];

  constructor(readonly file: string) {}

  /** A problem in this collector's file. */
  error(loc: Loc, message: string): void {
    this.list.push({ severity: 'error', file: this.file, ...loc, message });
  }

  warn(loc: Loc, message: string): void {
    this.list.push({ severity: 'warning', file: this.file, ...loc, message });
  }
}

export const startOfFile: Loc = { line: 1, column: 1 };

/** In file order, errors before warnings on the same spot: the order an analyst fixes them in. */
export function sortProblems(list: Problem[]): Problem[] {
  return [...list].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.severity.localeCompare(b.severity),
  );
}

export const formatProblem = (p: Problem): string => `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`;
