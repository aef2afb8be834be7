// A writer for test/audit/crash.test.ts, run on the compiled build (dist/) and killed with SIGKILL at a
// random moment. It appends entries whose content follows from their index, in commits of 1 to 2,000
// entries, and prints "ack N" on standard output (synchronously) after each commit returns: entry N and
// everything before it are then acknowledged.
import { writeSync } from 'node:fs';
import { AuditLog } from '../../dist/src/audit/log.js';

const [dir, seedText] = process.argv.slice(2);
const log = AuditLog.open(dir);
let next = log.size;
let x = Number(seedText) >>> 0;
const random = () => {
  x = (Math.imul(x, 1103515245) + 12345) >>> 0;
  return x / 2 ** 32;
};
writeSync(1, `ready ${next}\n`);
for (;;) {
  const n = random() < 0.1 ? 1 + Math.floor(random() * 2000) : 1 + Math.floor(random() * 40);
  const batch = Array.from({ length: n }, (_, k) => ({
    type: 'keyIssued',
    user: `u${next + k}`,
    time: next + k,
    actor: 'crash-test',
  }));
  const { first, count } = log.append(batch);
  next = first + count;
  writeSync(1, `ack ${next - 1}\n`);
}
