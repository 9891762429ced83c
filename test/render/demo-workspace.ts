// The ingested demo workspace the pack tests print from. PSM_PACK_WORKSPACE names an already-ingested
// workspace instead, to iterate on the pack without a minute of setup.
import type { WorkspacePaths } from '../../pipeline/config.ts';
import { ingestedDemoWorkspace } from '../helpers.ts';

export const demoPackWorkspace = (): WorkspacePaths => ingestedDemoWorkspace('psm-pack-demo-', 'PSM_PACK_WORKSPACE');
