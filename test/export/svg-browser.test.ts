/**
 * The picture in a real browser: Debian's Chromium, headless, driven by playwright-core, opens the SVG
 * file at 1600×1200 and measures where the labels land. Both renderings are checked: ours (Graphviz in
 * WASM, `sesphr model --format svg`) and Debian's `dot -Tsvg` on our DOT (cairo/pango font metrics),
 * where the transitions' underscores used to fall on the citation line.
 *
 * Chromium and Graphviz are required: without them these tests fail, naming the package (.ci/run
 * installs both). Screenshots are written to a temporary directory, named in the test output, or to
 * $SESPHR_SCREENSHOT_DIR (kept) when that is set.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelToDot, placeNodeId, transitionNodeId } from '../../src/export/dot.ts';
import { dotToSvg, scalable } from '../../src/export/svg.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { example, SHAPES } from './helpers.ts';

const VIEWPORT = { width: 1600, height: 1200 };
const run = promisify(execFile);

interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

interface NodeLabel {
  readonly id: string;
  /** One box per `<text>` line, in document order. */
  readonly lines: readonly (Box & { readonly text: string })[];
}

let dir = '';
let context: BrowserContext;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sesphr-svg-'));
  context = await launchChromium(dir, VIEWPORT);
}, 90_000);

afterAll(async () => {
  await context?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Debian's Graphviz on our DOT, made scalable the same way as ours. */
async function debianSvg(dot: string, file: string): Promise<string> {
  await writeFile(file, dot, 'utf8');
  try {
    const { stdout } = await run('dot', ['-Tsvg', file], { maxBuffer: 64 * 1024 * 1024 });
    return scalable(stdout.slice(stdout.indexOf('<svg')));
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT')
      throw new Error(
        'Graphviz (dot) is not installed: apt-get install -y graphviz (.ci/run does this in CI)',
      );
    throw error;
  }
}

/** Opens an SVG file and returns the boxes of the text lines of the given node groups. */
async function labelsIn(svgFile: string, ids: readonly string[], screenshot: string): Promise<NodeLabel[]> {
  const page = await context.newPage();
  try {
    await page.goto(pathToFileURL(svgFile).href);
    const labels = await page.evaluate((wanted: readonly string[]) => {
      // Runs in the page (the project's TypeScript has no DOM types): the little of the DOM used here.
      interface Text {
        readonly textContent: string | null;
        getBoundingClientRect(): { left: number; top: number; right: number; bottom: number };
      }
      const doc = (
        globalThis as unknown as {
          document: { getElementById(id: string): { querySelectorAll(s: 'text'): Iterable<Text> } | null };
        }
      ).document;
      return wanted.map((id) => {
        const group = doc.getElementById(id);
        const texts = group ? [...group.querySelectorAll('text')] : [];
        return {
          id,
          lines: texts.map((t) => {
            const r = t.getBoundingClientRect();
            return { text: t.textContent ?? '', left: r.left, top: r.top, right: r.right, bottom: r.bottom };
          }),
        };
      });
    }, ids);
    await page.screenshot({ path: screenshot });
    return labels;
  } finally {
    await page.close();
  }
}

const union = (boxes: readonly Box[]): Box => ({
  left: Math.min(...boxes.map((b) => b.left)),
  top: Math.min(...boxes.map((b) => b.top)),
  right: Math.max(...boxes.map((b) => b.right)),
  bottom: Math.max(...boxes.map((b) => b.bottom)),
});

const overlaps = (a: Box, b: Box) =>
  Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
  Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;

describe('the SVG in headless Chromium at 1600×1200', () => {
  for (const shape of SHAPES) {
    const { net } = example(shape);
    const dot = modelToDot(net);
    const transitionIds = net.transitions.map((t) => transitionNodeId(t.name));
    const placeIds = net.places.map((p) => placeNodeId(p.name));
    for (const renderer of ['wasm', 'debian-dot'] as const) {
      it(`${shape.layer} layer, ${shape.variant} variant, ${renderer}: every label in view, none on another`, async () => {
        const base = join(
          process.env.SESPHR_SCREENSHOT_DIR ?? dir,
          `${shape.layer}-${shape.variant}-${renderer}`,
        );
        const svg = renderer === 'wasm' ? await dotToSvg(dot) : await debianSvg(dot, `${base}.dot`);
        await writeFile(`${base}.svg`, svg, 'utf8');
        const labels = await labelsIn(`${base}.svg`, [...transitionIds, ...placeIds], `${base}.png`);
        const png = await readFile(`${base}.png`);
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
        console.log(`screenshot: ${base}.png`);

        for (const label of labels) {
          // The node is drawn, with its name as one of its lines …
          const name = label.id.replace(/^(transition|place)-/, '');
          expect(
            label.lines.map((l) => l.text),
            label.id,
          ).toContain(name);
          // … and all of it inside the window.
          const box = union(label.lines);
          expect(box.left, label.id).toBeGreaterThanOrEqual(0);
          expect(box.top, label.id).toBeGreaterThanOrEqual(0);
          expect(box.right, label.id).toBeLessThanOrEqual(VIEWPORT.width);
          expect(box.bottom, label.id).toBeLessThanOrEqual(VIEWPORT.height);
        }
        const transitions = labels.filter((l) => l.id.startsWith('transition-'));
        for (const t of transitions) {
          // Lines of one label stack without touching: the name's descenders (its underscores) stay
          // above the citation.
          for (let k = 1; k < t.lines.length; k++) {
            const upper = t.lines[k - 1];
            const lower = t.lines[k];
            if (upper && lower)
              expect(upper.bottom, `${t.id}: "${upper.text}" / "${lower.text}"`).toBeLessThanOrEqual(
                lower.top + 0.5,
              );
          }
        }
        for (let i = 0; i < transitions.length; i++)
          for (let j = i + 1; j < transitions.length; j++) {
            const a = transitions[i] as NodeLabel;
            const b = transitions[j] as NodeLabel;
            expect(overlaps(union(a.lines), union(b.lines)), `${a.id} / ${b.id}`).toBe(false);
          }
      }, 60_000);
    }
  }
});
