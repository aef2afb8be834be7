/**
 * Child process of the scaling suite: one SRS enrolls N users (paper variant: it generates and keeps every
 * key pair) and the process reports its peak resident set size, its resident set size after enrolling
 * and the JS heap's growth. `node rss-child.ts N BACKEND`.
 */
import { type BackendName, loadBackend } from '../crypto/backend/index.ts';
import { PaperSrs } from '../crypto/parties.ts';

const users = Number(process.argv[2]);
const backendName = (process.argv[3] ?? 'mcl') as BackendName;
if (!Number.isInteger(users) || users < 0) throw new Error(`rss-child: bad user count "${process.argv[2]}"`);
const backend = await loadBackend(backendName);
const srs = new PaperSrs(backend, { ownerSigningKeys: new Map() });
const before = process.memoryUsage();
for (let i = 0; i < users; i++) srs.enroll(`user${i}`);
if (users > 0 && !srs.hasKeys(`user${users - 1}`)) throw new Error('rss-child: the last user has no keys');
const after = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({
    users,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    rssBytes: after.rss,
    heapUsedDeltaBytes: after.heapUsed - before.heapUsed,
  })}\n`,
);
