// poppler-utils (pdftotext) when the machine has it: the strongest check that the PDF's text layer
// says what the page said, since it reads the text back the way a screen reader or search would.
// Optional: a machine without it still renders, with the weaker checks in pdf.ts.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

let available: boolean | undefined;

export async function hasPdftotext(): Promise<boolean> {
  if (available === undefined) {
    available = await run('pdftotext', ['-v']).then(
      () => true,
      () => false,
    );
  }
  return available;
}

/**
 * The text of each page in reading order, or null without poppler. -raw keeps the order the page
 * drew its text in (a table cell's wrapped lines stay together) where -layout would interleave
 * the columns of a wrapped row: where a line breaks depends on the font, and must not change
 * what the text says.
 */
export async function pageTexts(pdfPath: string): Promise<string[] | null> {
  if (!(await hasPdftotext())) return null;
  const { stdout } = await run('pdftotext', ['-raw', '-enc', 'UTF-8', pdfPath, '-'], { maxBuffer: 64 * 1024 * 1024 });
  // pdftotext ends every page with a form feed, so the last split piece is empty.
  return stdout.split('\f').slice(0, -1);
}
