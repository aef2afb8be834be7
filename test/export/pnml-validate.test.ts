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

/** `jing -i GRAMMAR FILE` (-i: see pnml-grammar/README.md). Exit 0 valid, 1 invalid. */
async function jing(file: string): Promise<Verdict> {
  try {
    await run('jing', ['-i', GRAMMAR, file]);
    return { valid: true, messages: '' };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string };
    if (e.code === 'ENOENT')
      throw new Error('jing is not installed: apt-get install -y jing (.ci/run does this in CI)');
    if (e.code === 1) return { valid: false, messages: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    throw error;
  }
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sesphr-pnml-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function written(name: string, xml: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, xml, 'utf8');
  return file;
}

describe('PNML export validates against the PNML grammar (jing)', () => {
  for (const shape of SHAPES) {
    it(`${shape.layer} layer, ${shape.variant} variant`, async () => {
      const { config, net } = example(shape);
      const file = await written(
        `${shape.layer}-${shape.variant}.pnml`,
        await modelToPnmlWithLayout(net, config),
      );
      const verdict = await jing(file);
      expect(verdict.messages).toBe('');
      expect(verdict.valid).toBe(true);
    });
  }

  describe('and the grammar rejects what it should (so the check above is not vacuous)', () => {
    let xml = '';
    beforeAll(async () => {
      const { config, net } = example({ layer: 'paper', variant: 'paper' });
      xml = await modelToPnmlWithLayout(net, config);
    });
    const mutations: [string, (xml: string) => string, RegExp][] = [
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
    for (const [what, mutate, message] of mutations) {
      it(`rejects ${what}`, async () => {
        const mutated = mutate(xml);
        expect(mutated).not.toBe(xml);
        const verdict = await jing(await written(`${what.replace(/\W+/g, '-')}.pnml`, mutated));
        expect(verdict.valid).toBe(false);
        expect(verdict.messages).toMatch(message);
      });
    }
  });
});
