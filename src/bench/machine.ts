/** The machine a benchmark ran on, and the versions of what it measured. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Machine } from './results.ts';

/** Packages whose speed the figures depend on (read from their installed package.json). */
const MEASURED_PACKAGES = [
  '@noble/curves',
  '@noble/ciphers',
  '@noble/hashes',
  'mcl-wasm',
  'tinybench',
  'z3-solver',
  '@nucypher/umbral-pre',
];

function installedVersion(name: string): string | undefined {
  try {
    const url = new URL(import.meta.resolve(`${name}/package.json`));
    return (JSON.parse(readFileSync(url, 'utf8')) as { version?: string }).version;
  } catch {
    // Not resolvable through its exports map: look in the project's node_modules.
  }
  for (let dir = new URL('.', import.meta.url); dir.pathname !== '/'; dir = new URL('..', dir)) {
    try {
      const text = readFileSync(new URL(`node_modules/${name}/package.json`, dir), 'utf8');
      return (JSON.parse(text) as { version?: string }).version;
    } catch {
      // keep looking upward
    }
  }
  return undefined;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  const versions: Record<string, string> = { node: process.versions.node, v8: process.versions.v8 };
  for (const name of MEASURED_PACKAGES) {
    const version = installedVersion(name);
    if (version !== undefined) versions[name] = version;
  }
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: Math.max(1, os.availableParallelism?.() ?? cpus.length),
    memoryBytes: os.totalmem(),
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    versions,
  };
}
