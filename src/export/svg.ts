/**
 * Graphviz in-process: `@viz-js/viz` (MIT), Graphviz compiled to WebAssembly — no system `dot` binary.
 * The instance is created once per process (compiling the WASM module takes a moment) and reused.
 */
import { instance, type Viz } from '@viz-js/viz';

let vizPromise: Promise<Viz> | undefined;

/** The shared Graphviz instance. */
export function graphviz(): Promise<Viz> {
  vizPromise ??= instance();
  return vizPromise;
}

export class GraphvizError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraphvizError';
  }
}

/** Runs Graphviz's `dot` engine on DOT text and returns the output in `format` (svg_inline, json…). */
export async function renderDot(
  dot: string,
  format: string,
  options: { yInvert?: boolean } = {},
): Promise<string> {
  const viz = await graphviz();
  const result = viz.render(dot, { format, engine: 'dot', ...(options.yInvert ? { yInvert: true } : {}) });
  if (result.status !== 'success') {
    const messages = result.errors.map((e) => e.message.trim()).join('; ');
    throw new GraphvizError(`Graphviz could not lay out the graph: ${messages || 'unknown error'}`);
  }
  return result.output;
}

/**
 * DOT rendered to a standalone SVG document. The XML prolog, DOCTYPE and generator comments are dropped
 * (all optional in a standalone SVG file): the text starts with `<svg` and declares its namespaces.
 */
export async function dotToSvg(dot: string): Promise<string> {
  const svg = await renderDot(dot, 'svg');
  const start = svg.indexOf('<svg');
  const body = scalable(start > 0 ? svg.slice(start) : svg);
  return body.endsWith('\n') ? body : `${body}\n`;
}

/**
 * Drops the fixed `width="…pt" height="…pt"` Graphviz puts on the root element and keeps its `viewBox`,
 * so the picture scales to its container (a browser window, an `<img>`, an HTML page) and keeps its
 * aspect ratio (`preserveAspectRatio` defaults to `xMidYMid meet`).
 */
export function scalable(svg: string): string {
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (!open) throw new GraphvizError('Graphviz output has no <svg> element');
  if (!/\sviewBox="[^"]+"/.test(open[0])) throw new GraphvizError('Graphviz output has no viewBox');
  const root = open[0].replace(/\s(width|height)="[^"]*"/g, '');
  return `${root}${svg.slice(open[0].length)}`;
}
