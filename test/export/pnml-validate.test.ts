/**
 * The PNML export against the official RELAX NG grammar of its net type (High-level Petri Net Graphs,
 * ISO/IEC 15909-2), vendored in test/export/pnml-grammar/ (see its README for source and licence), with
 * Debian's `jing`. jing is required: without it these tests fail, naming the package (.ci/run installs it).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelToPnmlWithLayout } from '../../src/export/pnml.ts';
import { example, SHAPES } from './helpers.ts';

const run = promisify(execFile);
const GRAMMAR = fileURLToPath(new URL('./pnml-grammar/highlevelnet.pntd', import.meta.url));

interface Verdict {
  readonly valid: boolean;
  readonly messages: string;
}

/**
 * `jing -i GRAMMAR FILE…` (-i: see pnml-grammar/README.md) on every file in one run (one JVM start):
 * exit 0 when all are valid, 1 when some are not, each error on a line `FILE:LINE:COL: error: …`.
 */
async function jing(files: readonly string[]): Promise<Map<string, Verdict>> {
  let output = '';
  try {
    await run('jing', ['-i', GRAMMAR, ...files]);
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string };
    if (e.code === 'ENOENT')
      throw new Error('jing is not installed: apt-get install -y jing (.ci/run does this in CI)');
    if (e.code !== 1) throw error;
    output = e.stdout ?? '';
    if (output === '') throw new Error(`jing failed without naming a file: ${e.stderr ?? ''}`);
  }
  const lines = output.split('\n').filter((l) => l !== '');
  const verdicts = new Map<string, Verdict>();
  for (const file of files) {
    const own = lines.filter((l) => l.startsWith(`${file}:`));
    verdicts.set(file, { valid: own.length === 0, messages: own.join('\n') });
  }
  const unclaimed = lines.filter((l) => !files.some((f) => l.startsWith(`${f}:`)));
  if (unclaimed.length > 0) throw new Error(`jing said what no file claims: ${unclaimed.join('\n')}`);
  return verdicts;
}

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function written(name: string, xml: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, xml, 'utf8');
  return file;
}

const MUTATIONS: [string, (xml: string) => string, RegExp][] = [
  [
    'another net type',
    (x) => x.replace('grammar/highlevelnet"', 'grammar/ptnet"'),
    /value of attribute "type" is invalid/,
  ],
  [
    'an arc without a target',
    (x) => x.replace(/(<arc id="[^"]+" source="[^"]+") target="[^"]+"/, '$1'),
    /target/,
  ],
  [
    'an unknown element inside a condition',
    (x) => x.replace('<condition><text>', '<condition><guard/><text>'),
    /element "guard" not allowed/,
  ],
  ['a place without an id', (x) => x.replace('<place id="place-SRS">', '<place>'), /id/],
];

const shapeFile = (shape: (typeof SHAPES)[number]) => `${shape.layer}-${shape.variant}.pnml`;
const mutationFile = (what: string) => `${what.replace(/\W+/g, '-')}.pnml`;

/** Every export and every mutation of the paper net's export, written and validated in one jing run. */
let paperXml = '';
const mutated = new Map<string, string>();
let verdicts = new Map<string, Verdict>();
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sesphr-pnml-'));
  const files: string[] = [];
  for (const shape of SHAPES) {
    const { config, net } = example(shape);
    const xml = await modelToPnmlWithLayout(net, config);
    if (shape.layer === 'paper' && shape.variant === 'paper') paperXml = xml;
    files.push(await written(shapeFile(shape), xml));
  }
  for (const [what, mutate] of MUTATIONS) {
    const xml = mutate(paperXml);
    mutated.set(what, xml);
    files.push(await written(mutationFile(what), xml));
  }
  verdicts = await jing(files);
});

const verdictOf = (name: string): Verdict => {
  const verdict = verdicts.get(join(dir, name));
  if (!verdict) throw new Error(`no verdict for ${name}`);
  return verdict;
};

describe('PNML export validates against the PNML grammar (jing)', () => {
  for (const shape of SHAPES) {
    it(`${shape.layer} layer, ${shape.variant} variant`, () => {
      const verdict = verdictOf(shapeFile(shape));
      expect(verdict.messages).toBe('');
      expect(verdict.valid).toBe(true);
    });
  }

  describe('and the grammar rejects what it should (so the check above is not vacuous)', () => {
    for (const [what, , message] of MUTATIONS) {
      it(`rejects ${what}`, () => {
        expect(paperXml).not.toBe('');
        expect(mutated.get(what)).not.toBe(paperXml);
        const verdict = verdictOf(mutationFile(what));
        expect(verdict.valid).toBe(false);
        expect(verdict.messages).toMatch(message);
      });
    }
  });
});
