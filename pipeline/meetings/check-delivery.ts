// The delivery part of `psm meeting check`: whether the pack can be emailed as meeting.json asks —
// its recipient lists exist in <workspace>/delivery.json, and that file is valid. Warnings, not
// errors: the pack still prints; the check says days ahead what would make its email fail.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import { readDeliveryConfig } from '../delivery/config.ts';
import type { ParsedMeetingJson } from './check-json.ts';
import { Problems, startOfFile, type Problem } from './problems.ts';

export function checkDelivery(paths: WorkspacePaths, json: ParsedMeetingJson, p: Problems): Problem[] {
  const lists = json.meeting?.recipients;
  const label = relative(paths.root, paths.delivery) || paths.delivery;
  if (!existsSync(paths.delivery)) {
    if (lists) p.warn(json.keyAt(['recipients']), `recipients names lists, but there is no ${label}: the pack will not be emailed`);
    return [];
  }
  let config;
  try {
    config = readDeliveryConfig(paths.delivery)!;
  } catch (err) {
    const d = new Problems(label);
    const first = (err as Error).message.split('\n').find((l) => /:\d+:\d+: /.test(l));
    const m = first ? /:(\d+):(\d+): (.*)$/.exec(first) : null;
    d.warn(
      m ? { line: Number(m[1]), column: Number(m[2]) } : startOfFile,
      `${m?.[3] ?? (err as Error).message}: no pack is emailed until it is fixed`,
    );
    return d.list;
  }
  (lists ?? []).forEach((id, i) => {
    if (!(id in config.lists))
      p.warn(
        json.at(['recipients', i]),
        `recipients: no list "${id}" in ${label} (it has ${Object.keys(config.lists).join(', ')}): the pack's email will fail`,
      );
  });
  if (!lists && !config.defaultLists.length)
    p.warn(startOfFile, `no recipients: meeting.json names no lists and ${label} has no defaultLists, so the pack is not emailed`);
  return [];
}
