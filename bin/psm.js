#!/usr/bin/env node
// Thin shim: lets the TypeScript sources run directly (no build step) via tsx's loader.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../pipeline/cli.ts');
process.exitCode = await main(process.argv.slice(2));
