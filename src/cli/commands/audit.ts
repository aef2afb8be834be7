/**
 * `sesphr audit …`: the secure auditing storage from the command line (docs/cli/audit.md).
 *
 *   verify DIR       check the whole log (checksums, indices, signatures, roots), optionally against a
 *                    tree head held from before (--head) and a pinned key (--key)
 *   show DIR         the admin's "view key transactions": entries filtered by type, user, file, time
 *   prove DIR        an inclusion (--entry), consistency (--consistency OLD NEW) or latest-version
 *                    (--latest OWNER/FILE) proof, with the tree head it is checked against
 *   check            verify such a proof holding only the tree head and the log's public key
 *   chart DIR        grants and refusals per user and per reason over time, as SVG
 *
 * Exit codes: 0 verified, 1 verification failed (the log or a proof does not verify; one line names
 * where), 2 bad input (a directory that is not a log, a malformed head, key or proof, a bad flag).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import {
  describeEntry,
  ENTRY_TYPE_NAMES,
  type Entry,
  type EntryType,
  entryJson,
} from '../../audit/entries.ts';
import type { AuditLog } from '../../audit/log.ts';
import type { EntryFilter } from '../../audit/query.ts';
import { DecodeError, SesphrError } from '../../crypto/errors.ts';
import type { SignedTreeHead } from '../../crypto/wire/audit.ts';
import { formatTable, withTableStyle } from '../../format/table.ts';
import { plural } from '../../format/words.ts';
import { type Args, optionFlag, optionText, parseWholeNumber, UsageError } from '../args.ts';
import type { CommandModule, ExitCode } from '../command.ts';
import { checkWritableFile, describeWriteError } from '../files.ts';
import type { CliIO } from '../io.ts';
import { flagOption, valueOption } from '../options.ts';
import { suggest } from '../suggest.ts';
import { textStyle } from '../terminal.ts';
import { toolInfo } from '../version.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const WIRE_MAGIC = Buffer.from('SPHR');
const MAX_ARGUMENT_FILE = 1 << 20;

/**
 * Reads a head, key or proof given on the command line: a file holding the wire bytes or their hex, or
 * the hex itself. Throws UsageError naming the flag; never echoes the input.
 */
export function readWireArgument(value: string, option: string, exists = existsSync): Uint8Array {
  if (exists(value)) {
    let bytes: Buffer;
    try {
      if (statSync(value).size > MAX_ARGUMENT_FILE)
        throw new UsageError(`--${option}: "${value}" is larger than ${MAX_ARGUMENT_FILE} bytes`);
      bytes = readFileSync(value);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`--${option}: cannot read "${value}": ${describeWriteError(error)}`);
    }
    if (bytes.subarray(0, 4).equals(WIRE_MAGIC)) return new Uint8Array(bytes);
    return parseHex(bytes.toString('latin1'), option, `the file "${value}"`);
  }
  return parseHex(value, option, 'the value');
}

export function parseHex(text: string, option: string, what: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(compact))
    throw new UsageError(`--${option}: ${what} is neither an existing file nor the hex of a SeSPHR object`);
  return new Uint8Array(Buffer.from(compact, 'hex'));
}

/** Decodes with `decode`; a DecodeError becomes a usage error naming the flag. */
function decodeArgument<T>(bytes: Uint8Array, option: string, decode: (b: Uint8Array) => T): T {
  try {
    return decode(bytes);
  } catch (error) {
    if (error instanceof DecodeError) throw new UsageError(`--${option}: ${error.message}`);
    throw error;
  }
}

function positionalDir(args: Args): string {
  const dir = args.dir;
  if (typeof dir !== 'string' || dir === '') throw new UsageError('name the audit log directory');
  return dir;
}

/** Verification failures (exit 1) are reported in one line; bad input goes up (exit 2). */
async function reporting(io: CliIO, label: string, body: () => Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof SesphrError && error.code === 'INTEGRITY') {
      io.stderr.write(`sesphr audit ${label}: ${error.message.replace(/\s+/g, ' ')}\n`);
      return 1;
    }
    throw error;
  }
}

async function openLog(dir: string, keyOption: string | undefined): Promise<AuditLog> {
  const { AuditLog } = await import('../../audit/log.ts');
  const { decodeSigningPublicKey } = await import('../../crypto/wire/formats.ts');
  const key = keyOption === undefined ? undefined : readWireArgument(keyOption, 'key');
  if (key) decodeArgument(key, 'key', decodeSigningPublicKey);
  return AuditLog.open(dir, { readOnly: true, ...(key ? { key } : {}) });
}

function writeJson(io: CliIO, value: unknown): void {
  io.stdout.write(`${JSON.stringify({ tool: toolInfo(), ...(value as object) }, null, 2)}\n`);
}

const keyOptionSpec = {
  describe: "the log's public key (wire kind 4: a file, or its hex) as you know it; default: DIR/log.pub",
};

function headLine(signed: SignedTreeHead): string {
  const h = signed.head;
  return `size ${h.size}, root ${hex(h.root)}, signed ${new Date(h.timestamp).toISOString()}`;
}

// ── verify ──────────────────────────────────────────────────────────────────────────────────────────

export const verify: CommandModule = {
  builder(yargs: Argv): Argv {
    let y: Argv = yargs
      .usage(
        '$0 audit verify <dir> [options]\n\nCheck an audit log: every record’s checksum, every entry’s index and encoding, every tree head’s\nsignature and roots — and, with --head, that it still extends a tree head you obtained before.',
      )
      .positional('dir', { type: 'string', describe: 'the audit log directory' });
    y = valueOption(y, 'key', keyOptionSpec);
    y = valueOption(y, 'head', {
      describe: 'a signed tree head (wire kind 15: a file, or its hex) the log must still extend',
    });
    y = flagOption(y, 'json', 'print one JSON object');
    return y
      .example('$0 audit verify audit/', 'check a log')
      .example(
        '$0 audit verify audit/ --head head.hex --key log.pub',
        'against a head and key held elsewhere',
      );
  },
  async run(args, io) {
    const dir = positionalDir(args);
    const keyText = optionText(args, 'key');
    const headText = optionText(args, 'head');
    const json = optionFlag(args, 'json');
    const [{ verifyLog }, { decodeSignedTreeHead, encodeSignedTreeHead }, { decodeSigningPublicKey }] =
      await Promise.all([
        import('../../audit/verify.ts'),
        import('../../crypto/wire/audit.ts'),
        import('../../crypto/wire/formats.ts'),
      ]);
    const key = keyText === undefined ? undefined : readWireArgument(keyText, 'key');
    if (key) decodeArgument(key, 'key', decodeSigningPublicKey);
    const trustedHead =
      headText === undefined
        ? undefined
        : decodeArgument(readWireArgument(headText, 'head'), 'head', decodeSignedTreeHead);
    return reporting(io, 'verify', async () => {
      const report = verifyLog(dir, { ...(key ? { key } : {}), ...(trustedHead ? { trustedHead } : {}) });
      if (json) {
        writeJson(io, {
          verified: true,
          log: report.log,
          entries: report.entries,
          heads: report.heads,
          files: report.files,
          types: report.types,
          keyPinned: report.keyPinned,
          checkedAgainstHead: trustedHead ? trustedHead.head.size : null,
          latestHead: {
            size: report.latest.head.size,
            root: hex(report.latest.head.root),
            timestamp: report.latest.head.timestamp,
            hex: hex(encodeSignedTreeHead(report.latest)),
          },
          unfinished: report.unfinished ?? null,
        });
        return 0;
      }
      const lines = [
        `${report.log}: verified ${plural(report.entries, 'entry', 'entries')} under ${plural(report.heads, 'signed tree head')} (every checksum, index, encoding, signature and root)`,
        `latest tree head: ${headLine(report.latest)}`,
        trustedHead
          ? `extends the tree head you hold (size ${trustedHead.head.size}): nothing it covered was changed`
          : 'no earlier tree head given: a log rewritten whole under its own key would pass; give --head to rule that out',
        report.keyPinned ? 'log key: the one you gave' : `log key: ${dir}/log.pub (give --key to pin it)`,
      ];
      if (report.unfinished)
        lines.push(
          `an unfinished append after the last head (${plural(report.unfinished.bytes, 'byte')}, ${plural(report.unfinished.records, 'whole record')}) was never acknowledged; it is cut off when the log is next opened for writing`,
        );
      io.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    });
  },
};

// ── show ────────────────────────────────────────────────────────────────────────────────────────────

function parseTypes(text: string | undefined): EntryType[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((t) => {
    const name = t.trim();
    if ((ENTRY_TYPE_NAMES as string[]).includes(name)) return name as EntryType;
    const guess = suggest(name, ENTRY_TYPE_NAMES);
    throw new UsageError(
      `--type: unknown entry type "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}; the types are ${ENTRY_TYPE_NAMES.join(', ')}`,
    );
  });
}

function filterOf(args: Args): EntryFilter {
  const types = parseTypes(optionText(args, 'type'));
  const since = optionText(args, 'since');
  const until = optionText(args, 'until');
  const filter: EntryFilter = {
    ...(types ? { types } : {}),
    ...(optionText(args, 'user') !== undefined ? { user: optionText(args, 'user') as string } : {}),
    ...(optionText(args, 'file') !== undefined ? { file: optionText(args, 'file') as string } : {}),
    ...(optionText(args, 'reason') !== undefined ? { reason: optionText(args, 'reason') as string } : {}),
    ...(since !== undefined ? { since: parseWholeNumber(since, 'since', 0, Number.MAX_SAFE_INTEGER) } : {}),
    ...(until !== undefined ? { until: parseWholeNumber(until, 'until', 0, Number.MAX_SAFE_INTEGER) } : {}),
  };
  if (filter.since !== undefined && filter.until !== undefined && filter.since > filter.until)
    throw new UsageError(`--since ${filter.since} is after --until ${filter.until}`);
  return filter;
}

function filterOptions(yargs: Argv): Argv {
  let y = valueOption(yargs, 'type', {
    describe: `entry types, comma-separated: ${ENTRY_TYPE_NAMES.join(', ')}`,
  });
  y = valueOption(y, 'user', { describe: 'entries about this principal (as user, owner or sender)' });
  y = valueOption(y, 'file', { describe: 'entries about this file: OWNER/FILE or FILE' });
  y = valueOption(y, 'reason', { describe: 'refusals with this reason (notGranted, superseded, …)' });
  y = valueOption(y, 'since', { describe: 'entries at or after this time (the SRS clock)' });
  return valueOption(y, 'until', { describe: 'entries at or before this time' });
}

export const show: CommandModule = {
  builder(yargs: Argv): Argv {
    let y: Argv = yargs
      .usage(
        '$0 audit show <dir> [options]\n\nThe admin’s view of key transactions: the log’s entries (verified first), filtered by type, user, file\nand time. Key issues, grants and refusals: --type keyIssued,grant,refusal.',
      )
      .positional('dir', { type: 'string', describe: 'the audit log directory' });
    y = filterOptions(y);
    y = valueOption(y, 'key', keyOptionSpec);
    y = flagOption(y, 'json', 'print one JSON object with every matching entry');
    y = flagOption(y, 'ascii', 'plain ASCII text (the default when the locale is not UTF-8)');
    return y
      .example('$0 audit show audit/ --type keyIssued,grant,refusal', 'key transactions')
      .example('$0 audit show audit/ --user bob --since 2 --json', "bob's entries from time 2, as JSON");
  },
  async run(args, io) {
    const dir = positionalDir(args);
    const filter = filterOf(args);
    const json = optionFlag(args, 'json');
    const keyText = optionText(args, 'key');
    const style = textStyle(io, { ascii: optionFlag(args, 'ascii') });
    const { query } = await import('../../audit/query.ts');
    const { encodeSignedTreeHead } = await import('../../crypto/wire/audit.ts');
    return reporting(io, 'show', async () => {
      const log = await openLog(dir, keyText);
      try {
        const matching: Entry[] = [...query(log.entries(), filter)];
        if (json) {
          writeJson(io, {
            log: log.name,
            head: { size: log.size, root: hex(log.root()), hex: hex(encodeSignedTreeHead(log.latestHead())) },
            filter,
            count: matching.length,
            entries: matching.map(entryJson),
          });
          return 0;
        }
        const rows = matching.map((e) => [
          String(e.index),
          String(e.time),
          e.type,
          e.actor,
          describeEntry(e),
        ]);
        const table = withTableStyle(style, () => formatTable(['#', 'time', 'type', 'by', 'what'], rows));
        io.stdout.write(
          `${log.name}: ${plural(matching.length, 'entry', 'entries')} of ${log.size} (verified; latest tree head ${headLine(log.latestHead())})\n${rows.length > 0 ? `${table}\n` : ''}`,
        );
        return 0;
      } finally {
        log.close();
      }
    });
  },
};

// ── prove ───────────────────────────────────────────────────────────────────────────────────────────

function parseLatest(text: string): { ownerId: string; fileId: string } {
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1)
    throw new UsageError(`--latest: expected OWNER/FILE, got "${text}"`);
  return { ownerId: text.slice(0, slash), fileId: text.slice(slash + 1) };
}

function headOfSize(log: AuditLog, size: number, option: string): SignedTreeHead {
  const found = [...log.heads].reverse().find((h) => h.signed.head.size === size);
  if (!found) {
    const sizes = [...new Set(log.heads.map((h) => h.signed.head.size))];
    const shown = sizes.length > 12 ? [...sizes.slice(0, 5), '…', ...sizes.slice(-5)] : sizes;
    throw new UsageError(
      `--${option}: the log signed no tree head of size ${size}; its heads have sizes ${shown.join(', ')}`,
    );
  }
  return found.signed;
}

export const prove: CommandModule = {
  builder(yargs: Argv): Argv {
    let y: Argv = yargs
      .usage(
        '$0 audit prove <dir> (--entry N [--size S] | --consistency OLD NEW | --latest OWNER/FILE) [options]\n\nA proof from the log, with the signed tree head it is checked against; check it elsewhere with\n`sesphr audit check`, holding only that head and the log’s public key.',
      )
      .positional('dir', { type: 'string', describe: 'the audit log directory' });
    y = valueOption(y, 'entry', { describe: 'inclusion proof of entry N (from 0)' });
    y = valueOption(y, 'size', {
      describe: 'in the tree of a signed head of this size',
      defaultDescription: 'the latest',
    });
    y = y.option('consistency', {
      type: 'string',
      nargs: 2,
      describe: 'consistency proof between the signed heads of sizes OLD and NEW',
    });
    y = valueOption(y, 'latest', {
      describe: "latest-version proof of OWNER/FILE (the reader's rollback check)",
    });
    y = valueOption(y, 'out', { describe: 'also write the proof (wire bytes) to this file' });
    y = flagOption(y, 'json', 'print one JSON object');
    return y
      .example('$0 audit prove audit/ --entry 12', 'entry 12 is in the log')
      .example('$0 audit prove audit/ --consistency 8 13', 'the log of 13 entries extends that of 8')
      .example(
        '$0 audit prove audit/ --latest alice/phr --out phr.proof',
        'the latest logged manifest of alice/phr',
      );
  },
  async run(args, io) {
    const dir = positionalDir(args);
    const entryText = optionText(args, 'entry');
    const sizeText = optionText(args, 'size');
    const latestText = optionText(args, 'latest');
    const consistency =
      args.consistency === undefined ? undefined : ([] as unknown[]).concat(args.consistency).map(String);
    const chosen = [entryText !== undefined, consistency !== undefined, latestText !== undefined].filter(
      Boolean,
    ).length;
    if (chosen !== 1)
      throw new UsageError('give exactly one of --entry, --consistency OLD NEW and --latest OWNER/FILE');
    if (consistency && consistency.length !== 2)
      throw new UsageError(
        `--consistency: expected two sizes, OLD and NEW, got ${consistency.length} values`,
      );
    if (sizeText !== undefined && entryText === undefined) throw new UsageError('--size goes with --entry');
    const out = optionText(args, 'out');
    if (out !== undefined) checkWritableFile(out, 'out');
    const json = optionFlag(args, 'json');
    const wire = await import('../../crypto/wire/audit.ts');
    const { decodeEntry } = await import('../../audit/entries.ts');
    const { checkInclusion, checkConsistency } = await import('../../audit/proofs.ts');
    return reporting(io, 'prove', async () => {
      const log = await openLog(dir, undefined);
      try {
        let proofBytes: Uint8Array;
        let heads: SignedTreeHead[];
        const lines: string[] = [];
        let details: Record<string, unknown>;
        if (entryText !== undefined) {
          const size =
            sizeText === undefined
              ? log.size
              : parseWholeNumber(sizeText, 'size', 1, Number.MAX_SAFE_INTEGER);
          const head = headOfSize(log, size, 'size');
          const index = parseWholeNumber(entryText, 'entry', 0, Number.MAX_SAFE_INTEGER);
          if (index >= size)
            throw new UsageError(`--entry: entry ${index} is not in the tree of size ${size}`);
          const proof = log.inclusionProof(index, size);
          const entry = checkInclusion(proof, head, log.key);
          proofBytes = wire.encodeInclusionProof(proof);
          heads = [head];
          details = { kind: 'inclusion', index, size, entry: entryJson(entry), path: proof.path.map(hex) };
          lines.push(
            `inclusion proof of entry ${index} in the tree of size ${size} (log ${log.name})`,
            `entry: ${describeEntry(entry)} (time ${entry.time})`,
            `path: ${plural(proof.path.length, 'hash', 'hashes')}, leaf to root`,
            ...proof.path.map((h) => `  ${hex(h)}`),
          );
        } else if (consistency) {
          const [first, second] = consistency.map((t) =>
            parseWholeNumber(t, 'consistency', 0, Number.MAX_SAFE_INTEGER),
          ) as [number, number];
          if (first > second)
            throw new UsageError(`--consistency: OLD (${first}) is larger than NEW (${second})`);
          const older = headOfSize(log, first, 'consistency');
          const newer = headOfSize(log, second, 'consistency');
          const proof = log.consistencyProof(first, second);
          checkConsistency(proof, older, newer, log.key);
          proofBytes = wire.encodeConsistencyProof(proof);
          heads = [older, newer];
          details = { kind: 'consistency', first, second, path: proof.path.map(hex) };
          lines.push(
            `consistency proof: the log of ${plural(first, 'entry', 'entries')} is a prefix of the log of ${second} (log ${log.name})`,
            `path: ${plural(proof.path.length, 'hash', 'hashes')}`,
            ...proof.path.map((h) => `  ${hex(h)}`),
          );
        } else {
          const { ownerId, fileId } = parseLatest(latestText as string);
          const proof = log.latestVersionProof(ownerId, fileId);
          if (!proof) throw new UsageError(`--latest: the log recorded no upload of ${ownerId}/${fileId}`);
          proofBytes = wire.encodeLatestVersionProof(proof);
          heads = [log.latestHead()];
          const entry = decodeEntry(proof.entry);
          details = {
            kind: 'latestVersion',
            ownerId,
            fileId,
            version: proof.leaf.version,
            manifestSha256: hex(proof.leaf.manifestSha256),
            entryIndex: proof.leaf.entryIndex,
            mapIndex: proof.mapIndex,
          };
          lines.push(
            `latest-version proof of ${ownerId}/${fileId}: version ${proof.leaf.version}, manifest SHA-256 ${hex(proof.leaf.manifestSha256)}`,
            `upload entry ${proof.leaf.entryIndex}: ${describeEntry(entry)}`,
            `map of latest versions: leaf ${proof.mapIndex}, ${plural(proof.mapPath.length, 'hash', 'hashes')}; entry path: ${plural(proof.entryPath.length, 'hash', 'hashes')}`,
          );
        }
        if (out !== undefined) {
          try {
            writeFileSync(out, proofBytes);
          } catch (error) {
            throw new UsageError(`--out: cannot write "${out}": ${describeWriteError(error)}`);
          }
        }
        if (json) {
          writeJson(io, {
            log: log.name,
            ...details,
            verified: true,
            proof: hex(proofBytes),
            heads: heads.map((h) => ({
              size: h.head.size,
              root: hex(h.head.root),
              timestamp: h.head.timestamp,
              hex: hex(wire.encodeSignedTreeHead(h)),
            })),
            key: hex((await import('../../crypto/wire/formats.ts')).encodeSigningPublicKey(log.key)),
          });
          return 0;
        }
        lines.push(
          ...heads.map((h) => `tree head: ${headLine(h)}\n  hex: ${hex(wire.encodeSignedTreeHead(h))}`),
          'checked against the tree head with the log’s key: it holds',
          `proof (hex): ${hex(proofBytes)}`,
          ...(out !== undefined ? [`proof written to ${out}`] : []),
        );
        io.stdout.write(`${lines.join('\n')}\n`);
        return 0;
      } finally {
        log.close();
      }
    });
  },
};

// ── check ───────────────────────────────────────────────────────────────────────────────────────────

export const check: CommandModule = {
  builder(yargs: Argv): Argv {
    let y = yargs.usage(
      '$0 audit check --proof P --head H --key K [--old-head H0] [--manifest M]\n\nCheck a proof from `sesphr audit prove` holding only a signed tree head and the log’s public key —\nno log directory. Each of P, H, K, H0, M is a file of wire bytes or hex, or the hex itself.',
    );
    y = valueOption(y, 'proof', { describe: 'the proof (wire kind 16, 17 or 18)' });
    y = valueOption(y, 'head', {
      describe: 'the signed tree head (wire kind 15); for consistency, the newer one',
    });
    y = valueOption(y, 'key', { describe: "the log's public key (wire kind 4)" });
    y = valueOption(y, 'old-head', { describe: 'for a consistency proof: the older signed tree head' });
    y = valueOption(y, 'manifest', {
      describe: 'for a latest-version proof: the signed manifest you were served',
    });
    return flagOption(y, 'json', 'print one JSON object');
  },
  async run(args, io) {
    const need = (name: string) => {
      const text = optionText(args, name);
      if (text === undefined) throw new UsageError(`--${name} is required`);
      return text;
    };
    const wire = await import('../../crypto/wire/audit.ts');
    const { peekKind } = await import('../../crypto/wire/envelope.ts');
    const { decodeSigningPublicKey, decodeSignedManifest } = await import('../../crypto/wire/formats.ts');
    const proofs = await import('../../audit/proofs.ts');
    const proofBytes = readWireArgument(need('proof'), 'proof');
    const head = decodeArgument(readWireArgument(need('head'), 'head'), 'head', wire.decodeSignedTreeHead);
    const key = decodeArgument(readWireArgument(need('key'), 'key'), 'key', decodeSigningPublicKey);
    const kind = decodeArgument(proofBytes, 'proof', peekKind);
    const json = optionFlag(args, 'json');
    const oldHeadText = optionText(args, 'old-head');
    const manifestText = optionText(args, 'manifest');
    if (kind !== 'consistencyProof' && oldHeadText !== undefined)
      throw new UsageError('--old-head goes with a consistency proof');
    if (kind !== 'latestVersionProof' && manifestText !== undefined)
      throw new UsageError('--manifest goes with a latest-version proof');
    let run: () => string;
    if (kind === 'inclusionProof') {
      const proof = decodeArgument(proofBytes, 'proof', wire.decodeInclusionProof);
      run = () => {
        const entry = proofs.checkInclusion(proof, head, key);
        return `entry ${entry.index} is in the log of ${proof.size} entries: ${describeEntry(entry)}`;
      };
    } else if (kind === 'consistencyProof') {
      const proof = decodeArgument(proofBytes, 'proof', wire.decodeConsistencyProof);
      if (oldHeadText === undefined) throw new UsageError('--old-head is required for a consistency proof');
      const older = decodeArgument(
        readWireArgument(oldHeadText, 'old-head'),
        'old-head',
        wire.decodeSignedTreeHead,
      );
      run = () => {
        proofs.checkConsistency(proof, older, head, key);
        return `the log of ${proof.second} entries extends the log of ${proof.first}: nothing the older head covered was changed`;
      };
    } else if (kind === 'latestVersionProof') {
      const proof = decodeArgument(proofBytes, 'proof', wire.decodeLatestVersionProof);
      if (manifestText === undefined)
        throw new UsageError('--manifest is required for a latest-version proof');
      const manifestBytes = readWireArgument(manifestText, 'manifest');
      const manifest = decodeArgument(manifestBytes, 'manifest', decodeSignedManifest);
      run = () => {
        proofs.checkLatestManifest({ bytes: manifestBytes, manifest }, proof, head, key, {
          ownerId: proof.leaf.ownerId,
          fileId: proof.leaf.fileId,
        });
        return `the manifest is the latest logged for ${proof.leaf.ownerId}/${proof.leaf.fileId} (version ${proof.leaf.version})`;
      };
    } else throw new UsageError(`--proof: a ${kind}, not a proof (wire kinds 16, 17 and 18 are proofs)`);
    return reporting(io, 'check', async () => {
      const said = run();
      if (json)
        writeJson(io, {
          verified: true,
          kind,
          statement: said,
          head: { size: head.head.size, root: hex(head.head.root) },
        });
      else io.stdout.write(`verified: ${said}\n`);
      return 0;
    });
  },
};

// ── chart ───────────────────────────────────────────────────────────────────────────────────────────

export const chart: CommandModule = {
  builder(yargs: Argv): Argv {
    let y: Argv = yargs
      .usage(
        '$0 audit chart <dir> --out FILE.svg [options]\n\nThe admin’s chart: grants and refusals per user, and refusals per reason, over time (Vega-Lite,\nrendered to SVG in this process). The filters of `audit show` apply.',
      )
      .positional('dir', { type: 'string', describe: 'the audit log directory' });
    y = valueOption(y, 'out', { describe: 'the SVG file to write' });
    y = filterOptions(y);
    y = valueOption(y, 'key', keyOptionSpec);
    return y.example('$0 audit chart audit/ --out decisions.svg', 'draw every decision');
  },
  async run(args, io) {
    const dir = positionalDir(args);
    const out = optionText(args, 'out');
    if (out === undefined) throw new UsageError('--out FILE.svg is required: the chart is written to a file');
    checkWritableFile(out, 'out');
    const filter = filterOf(args);
    const keyText = optionText(args, 'key');
    const [{ query }, { renderDecisionChart, decisionRows }] = await Promise.all([
      import('../../audit/query.ts'),
      import('../../audit/chart.ts'),
    ]);
    return reporting(io, 'chart', async () => {
      const log = await openLog(dir, keyText);
      let svg: string;
      let decisions: number;
      try {
        const entries = [...query(log.entries(), filter)];
        decisions = decisionRows(entries).reduce((n, r) => n + r.count, 0);
        svg = await renderDecisionChart(entries, `${log.name}: grants and refusals`);
      } finally {
        log.close();
      }
      try {
        writeFileSync(out, svg);
      } catch (error) {
        throw new UsageError(`--out: cannot write "${out}": ${describeWriteError(error)}`);
      }
      io.stdout.write(`${plural(decisions, 'decision')} drawn in ${out}\n`);
      return 0;
    });
  },
};
