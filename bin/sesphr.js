#!/usr/bin/env node
// The `sesphr` command. The project runs from its TypeScript sources through tsx (no build step to go stale).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
// Exit explicitly: WASM workers (z3) can keep a finished process alive.
process.exit(await main(process.argv.slice(2)));
