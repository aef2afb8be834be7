/**
 * Debian's Chromium (installed by .ci/run), launched headless for the tests that look at what we render:
 * the model's SVG (test/export/svg-browser.test.ts) and the benchmark report (test/bench/report.test.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Debian's Chromium in a closed network: without these it waits on connections (see .ci/run). */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser with a new, empty profile in `dir`; a missing Chromium is an error, never a skip. */
export async function launchChromium(
  dir: string,
  viewport: { width: number; height: number },
): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM}: apt-get install -y chromium (.ci/run does this in CI)`,
    );
  return chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport,
    timeout: 60_000,
  });
}
