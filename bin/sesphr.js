#!/usr/bin/env node
// The `sesphr` command. The project runs from TypeScript sources through tsx (no build step to go stale).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
