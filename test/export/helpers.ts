/** Shared fixtures for the export tests: every layer × variant of the paper example universe. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildNet } from '../../model/build.ts';
import type { ModelConfig } from '../../model/config.ts';
import type { Net } from '../../model/net.ts';
import { paperExampleConfig } from '../../model/universes.ts';

export { PAPER_TRANSITIONS } from '../helpers/paper.ts';

export const SHAPES = [
  { layer: 'paper', variant: 'paper' },
  { layer: 'paper', variant: 'hardened' },
  { layer: 'extended', variant: 'paper' },
  { layer: 'extended', variant: 'hardened' },
] as const;

export function example(shape: (typeof SHAPES)[number]): { config: ModelConfig; net: Net } {
  const config = paperExampleConfig(shape.layer, shape.variant);
  return { config, net: buildNet(config) };
}

/** Asserts well-formed XML (throws with the parser's message otherwise). */
export function assertWellFormed(xml: string): void {
  const result = XMLValidator.validate(xml);
  if (result !== true) throw new Error(`not well-formed XML: ${JSON.stringify(result.err)}`);
}

export function parseXml(
  xml: string,
  arrays: readonly string[] = [],
  options: { readonly parseTagValue?: boolean } = {},
): Record<string, unknown> {
  const parser = new XMLParser({
    ...options,
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    isArray: (name) => arrays.includes(name),
  });
  return parser.parse(xml) as Record<string, unknown>;
}

/** Every string found anywhere in a parsed XML tree (text content and attribute values). */
export function allStrings(node: unknown, into: string[] = []): string[] {
  if (typeof node === 'string') into.push(node);
  else if (typeof node === 'number') into.push(String(node));
  else if (Array.isArray(node)) for (const n of node) allStrings(n, into);
  else if (node && typeof node === 'object') for (const v of Object.values(node)) allStrings(v, into);
  return into;
}
