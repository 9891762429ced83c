// Approval of a printed pack. A meeting with "requiresApproval": true is neither sent nor released
// until someone has approved the very print in out/ (`psm meeting approve <id> --by NAME`): the
// approval names the PDF's SHA-256, so a reprint (new data, a fixed sentence) needs approving again.
import type { Meeting } from '../packs/meeting.ts';
import type { PackManifest } from '../render/pack.ts';

/** Why this print may not go out yet, or null when it may. */
export function approvalHold(m: Pick<Meeting, 'id' | 'requiresApproval'>, manifest: Pick<PackManifest, 'pdf' | 'approval'>): string | null {
  if (!m.requiresApproval) return null;
  if (manifest.approval && manifest.approval.sha256 === manifest.pdf.sha256) return null;
  return `meeting ${m.id} requires approval: the pack printed now (SHA-256 ${manifest.pdf.sha256.slice(0, 12)}…) is not approved; held until \`psm meeting approve ${m.id} --by NAME\``;
}
