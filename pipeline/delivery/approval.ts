// Approval of a printed pack. A meeting with "requiresApproval": true is neither sent nor released
// until someone has approved the very print in out/ (`psm meeting approve <id> --by NAME`). The
// approval names the print's SHA-256 and is written into out/manifest.json and the PDF's document
// information; a reprint (new data, the release print without DRAFT) writes a new manifest without
// one, so it needs approving again.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import { readPackState } from '../meetings/pack-state.ts';
import { loadMeeting, type Meeting } from '../packs/meeting.ts';
import type { PackManifest } from '../packs/pack-types.ts';
import { stampApproval } from '../render/pdf.ts';
import { withLock } from '../schedule/lock.ts';

export type Approval = NonNullable<PackManifest['approval']>;

/** Why this print may not go out yet, or null when it may. */
export function approvalHold(
  m: Pick<Meeting, 'id' | 'requiresApproval'>,
  manifest: Pick<PackManifest, 'pdf' | 'approval'> | null,
): string | null {
  if (!m.requiresApproval) return null;
  if (!manifest) return `meeting ${m.id} requires approval: nothing is printed to approve yet`;
  if (manifest.approval && manifest.approval.sha256 === manifest.pdf.sha256) return null;
  return `meeting ${m.id} requires approval: the pack printed now (SHA-256 ${manifest.pdf.sha256.slice(0, 12)}…) is not approved; held until \`psm meeting approve ${m.id} --by NAME\``;
}

export class ApprovalError extends Error {
  override name = 'ApprovalError';
}

async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/**
 * Approves the print in out/: `expectSha256` (a prefix of at least 8 hex digits, as the approver
 * read it from the manifest or the email) refuses a print that changed since it was reviewed.
 * Under the workspace lock, so a scheduled reprint cannot slip between reading and stamping.
 */
export async function approvePack(
  paths: WorkspacePaths,
  id: string,
  by: string,
  opts: { now?: Date; expectSha256?: string } = {},
): Promise<Approval | 'busy'> {
  const name = by.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (!name) throw new ApprovalError('--by NAME: say who approves the pack');
  const m = loadMeeting(paths.reports, id);
  return withLock(paths.lock, async () => {
    const state = readPackState(m.dir, m.id);
    if (state.print !== 'printed' || !state.manifest)
      throw new ApprovalError(`meeting ${id}: no printed pack to approve (${state.why ?? 'nothing printed yet'}; psm pack ${id})`);
    const manifest = state.manifest;
    const printed = manifest.approval?.sha256 === manifest.pdf.sha256 ? manifest.approval.printedSha256 : manifest.pdf.sha256;
    const want = opts.expectSha256?.toLowerCase();
    if (want !== undefined && (want.length < 8 || !printed.startsWith(want))) {
      throw new ApprovalError(
        `meeting ${id}: the pack printed now has SHA-256 ${printed}, not ${want}: it was reprinted since it was reviewed; review it again`,
      );
    }
    const at = opts.now ?? new Date();
    const pdfPath = join(m.dir, 'out', 'pack.pdf');
    const stamped = await stampApproval(readFileSync(pdfPath), { by: name, at, printedSha256: printed });
    const sha256 = createHash('sha256').update(stamped).digest('hex');
    const approval: Approval = { by: name, at: at.toISOString(), printedSha256: printed, sha256 };
    await writeAtomic(pdfPath, stamped);
    await writeAtomic(
      join(m.dir, 'out', 'manifest.json'),
      JSON.stringify({ ...manifest, pdf: { ...manifest.pdf, sha256, bytes: stamped.byteLength }, approval }, null, 2) + '\n',
    );
    return approval;
  });
}
