/**
 * The secure auditing storage: an append-only, tamper-evident log on disk (docs/audit.md).
 *
 *   DIR/log.pub     the log's signing public key (wire kind 4, signingPublicKey; its principal is the log's name)
 *   DIR/log.key     its signing secret key (wire kind 3), mode 0600 — in a deployment this lives in an HSM
 *   DIR/entries     "SPHRAUDE" ‖ 0x01, then one record per entry
 *   DIR/heads       "SPHRAUDH" ‖ 0x01, then one record per signed tree head (wire kind 15)
 *   DIR/recovered/  unfinished appends cut off when the log was opened for writing (kept, never deleted)
 *
 * A record is u32 length ‖ payload ‖ u32 CRC-32 of (length ‖ payload). An append writes its records at
 * the end of `entries` and fsyncs, then appends the new signed tree head to `heads` and fsyncs; only then
 * is it acknowledged. So an entry is acknowledged exactly when a durable signed head covers it, and on
 * open everything past the last head is an unfinished append: cut off (and saved in recovered/) when
 * opening for writing, reported and ignored when opening to read. Everything up to the last head must
 * verify exactly — every record's checksum, every entry's index, every head's signature, and every
 * head's roots recomputed from the entries — or the open fails naming the file, the entry or head, and
 * the byte offset. Nothing covered by a head is ever repaired.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { InputError } from '../../common/input-error.ts';
import { equalBytes } from '../crypto/bytes.ts';
import { SesphrError } from '../crypto/errors.ts';
import { generateSigningKeyPair, sha256Native, signingKeyPair } from '../crypto/manifest.ts';
import { type Rng, systemRng } from '../crypto/rng.ts';
import type { SigningKeyPair, SigningPublicKey } from '../crypto/types.ts';
import {
  type ConsistencyProof,
  decodeSignedTreeHead,
  encodeLatestLeaf,
  encodeSignedTreeHead,
  type InclusionProof,
  type LatestLeaf,
  type LatestVersionProof,
  type SignedTreeHead,
} from '../crypto/wire/audit.ts';
import {
  decodeSigningPublicKey,
  decodeSigningSecretKey,
  encodeSigningPublicKey,
  encodeSigningSecretKey,
} from '../crypto/wire/formats.ts';
import { leafHash } from '../crypto/wire/merkle.ts';
import {
  decodeEntry,
  ENTRY_FORMAT,
  ENTRY_TYPES,
  type Entry,
  type EntryInput,
  encodeEntry,
} from './entries.ts';
import { signTreeHead, treeHeadProblem } from './head.ts';
import { MerkleTree } from './tree.ts';

export const ENTRIES_FILE = 'entries';
export const HEADS_FILE = 'heads';
export const PUBLIC_KEY_FILE = 'log.pub';
export const SECRET_KEY_FILE = 'log.key';
export const LOCK_FILE = 'lock';
export const RECOVERED_DIR = 'recovered';
const ENTRIES_MAGIC = Buffer.from('SPHRAUDE\x01', 'latin1');
const HEADS_MAGIC = Buffer.from('SPHRAUDH\x01', 'latin1');
const FILE_HEADER_BYTES = ENTRIES_MAGIC.length;
/** u32 length ‖ payload ‖ u32 CRC. */
const RECORD_OVERHEAD = 8;
/** No entry or head is anywhere near this; a larger length field is damage, not data. */
const RECORD_PAYLOAD_MAX = 1 << 20;

/** The log's history does not verify: what is wrong, in which file, at which entry or head and byte. */
export class LogIntegrityError extends SesphrError {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly reason: string,
    readonly offset?: number,
  ) {
    super(
      'INTEGRITY',
      `${file}: ${where}${offset === undefined ? '' : ` (byte offset ${offset})`}: ${reason}`,
    );
  }
}

export interface StoredHead {
  readonly signed: SignedTreeHead;
  /** Position in the heads file, from 0. */
  readonly position: number;
  readonly offset: number;
}

/** What opening found past the last signed head: an append that was never acknowledged. */
export interface UnfinishedAppend {
  readonly bytes: number;
  /** Complete records among them (entries written, no head yet). */
  readonly records: number;
  /** Where the cut-off bytes were saved (opening for writing only). */
  readonly savedTo?: string;
  /** Bytes of an unfinished head record at the end of `heads`. */
  readonly headBytes: number;
}

export interface OpenOptions {
  /** Read without taking the lock or changing anything (verify, show, prove). */
  readonly readOnly?: boolean;
  /** The log's public key (wire kind 4) as the caller knows it; without one, DIR/log.pub is trusted. */
  readonly key?: Uint8Array;
  /** Wall clock for tree-head timestamps, Unix milliseconds (tests pin it). */
  readonly clock?: () => number;
}

export interface CreateOptions {
  /** The log's name: its key's principal and every head's `log` field. */
  readonly name?: string;
  readonly rng?: Rng;
  readonly clock?: () => number;
}

export interface AppendResult {
  /** Index of the first appended entry. */
  readonly first: number;
  readonly count: number;
  /** The signed head that covers them: the acknowledgement. */
  readonly head: SignedTreeHead;
}

interface LatestState {
  readonly mapIndex: number;
  readonly leaf: LatestLeaf;
}

const fileKey = (ownerId: string, fileId: string) => JSON.stringify([ownerId, fileId]);

function frame(payload: Uint8Array): Buffer {
  const out = Buffer.alloc(payload.length + RECORD_OVERHEAD);
  out.writeUInt32BE(payload.length, 0);
  out.set(payload, 4);
  out.writeUInt32BE(crc32(out.subarray(0, 4 + payload.length)), 4 + payload.length);
  return out;
}

type Parsed =
  | { readonly kind: 'record'; readonly payload: Uint8Array; readonly next: number }
  | { readonly kind: 'torn'; readonly reason: string }
  | { readonly kind: 'bad'; readonly reason: string };

/** One record at `offset` of `bytes` (a whole file or a window of it). */
function parseRecord(bytes: Uint8Array, offset: number): Parsed {
  if (offset + 4 > bytes.length) return { kind: 'torn', reason: 'the length field is cut short' };
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const length = view.readUInt32BE(offset);
  if (length > RECORD_PAYLOAD_MAX) return { kind: 'bad', reason: `a record length of ${length} bytes` };
  const end = offset + 4 + length + 4;
  if (end > bytes.length)
    return {
      kind: 'torn',
      reason: `the record is cut short (${bytes.length - offset} of ${length + RECORD_OVERHEAD} bytes)`,
    };
  const expected = view.readUInt32BE(offset + 4 + length);
  if (crc32(view.subarray(offset, offset + 4 + length)) !== expected)
    return { kind: 'bad', reason: 'checksum mismatch: the record was altered' };
  return { kind: 'record', payload: bytes.subarray(offset + 4, offset + 4 + length), next: end };
}

function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeDurably(path: string, data: Uint8Array, mode = 0o644): void {
  const fd = openSync(path, 'wx', mode);
  try {
    writeAll(fd, data, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, data: Uint8Array, position: number): void {
  let written = 0;
  while (written < data.length)
    written += writeSync(fd, data, written, data.length - written, position + written);
}

/** A growable list of record offsets (byte positions in `entries`). */
class Offsets {
  #data = new Float64Array(1024);
  #length = 0;
  get length() {
    return this.#length;
  }
  push(value: number) {
    if (this.#length === this.#data.length) {
      const grown = new Float64Array(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data[this.#length++] = value;
  }
  get(i: number): number {
    return this.#data[i] as number;
  }
  truncate(n: number) {
    this.#length = Math.min(n, this.#length);
  }
}

export class AuditLog {
  readonly dir: string;
  readonly key: SigningPublicKey;
  readonly readOnly: boolean;
  readonly #signer: SigningKeyPair | undefined;
  readonly #clock: () => number;
  readonly #tree = new MerkleTree();
  readonly #latestTree = new MerkleTree();
  readonly #latest = new Map<string, LatestState>();
  readonly #offsets = new Offsets();
  #heads: StoredHead[] = [];
  #entriesEnd = FILE_HEADER_BYTES;
  #headsEnd = FILE_HEADER_BYTES;
  #entriesFd: number;
  #headsFd: number;
  #closed = false;
  #unfinished: UnfinishedAppend | undefined;

  private constructor(
    dir: string,
    key: SigningPublicKey,
    signer: SigningKeyPair | undefined,
    options: OpenOptions,
  ) {
    this.dir = dir;
    this.key = key;
    this.#signer = signer;
    this.readOnly = options.readOnly === true;
    this.#clock = options.clock ?? Date.now;
    const flags = this.readOnly ? 'r' : 'r+';
    this.#entriesFd = openSync(join(dir, ENTRIES_FILE), flags);
    try {
      this.#headsFd = openSync(join(dir, HEADS_FILE), flags);
    } catch (error) {
      closeSync(this.#entriesFd);
      throw error;
    }
  }

  /** The log's name (its key's principal). */
  get name(): string {
    return this.key.principal;
  }

  /** Entries covered by the latest signed head (acknowledged entries). */
  get size(): number {
    return this.#tree.size;
  }

  get heads(): readonly StoredHead[] {
    return this.#heads;
  }

  latestHead(): SignedTreeHead {
    return (this.#heads.at(-1) as StoredHead).signed;
  }

  /** What opening found past the last head, if anything. */
  get unfinished(): UnfinishedAppend | undefined {
    return this.#unfinished;
  }

  /** Creates an empty log in `dir` (made if needed; it must not already hold a log). */
  static create(dir: string, options: CreateOptions = {}): AuditLog {
    const name = options.name ?? 'audit-log';
    mkdirSync(dir, { recursive: true });
    for (const file of [ENTRIES_FILE, HEADS_FILE, PUBLIC_KEY_FILE, SECRET_KEY_FILE]) {
      if (existsSync(join(dir, file)))
        throw new InputError(dir, '', `already holds an audit log (${file} exists); open it instead`);
    }
    const signer = generateSigningKeyPair(name, options.rng ?? systemRng);
    writeDurably(join(dir, SECRET_KEY_FILE), encodeSigningSecretKey(name, signer.secretKey), 0o600);
    writeDurably(
      join(dir, PUBLIC_KEY_FILE),
      encodeSigningPublicKey({ principal: name, publicKey: signer.publicKey }),
    );
    writeDurably(join(dir, ENTRIES_FILE), ENTRIES_MAGIC);
    const clock = options.clock ?? Date.now;
    const empty = signTreeHead(
      {
        log: name,
        size: 0,
        timestamp: clock(),
        root: new MerkleTree().root(),
        latestSize: 0,
        latestRoot: new MerkleTree().root(),
      },
      signer,
    );
    // The heads file appears last, complete: a directory without it is not a log.
    const staging = join(dir, `${HEADS_FILE}.new`);
    writeDurably(staging, Buffer.concat([HEADS_MAGIC, frame(encodeSignedTreeHead(empty))]));
    renameSync(staging, join(dir, HEADS_FILE));
    fsyncDirectory(dir);
    return AuditLog.open(dir, { clock });
  }

  /** Opens and verifies the log in `dir`; for writing unless `readOnly`. */
  static open(dir: string, options: OpenOptions = {}): AuditLog {
    let stats: ReturnType<typeof statSync>;
    try {
      stats = statSync(dir);
    } catch {
      throw new InputError(dir, '', 'no such directory');
    }
    if (!stats.isDirectory()) throw new InputError(dir, '', 'not a directory');
    for (const file of [ENTRIES_FILE, HEADS_FILE, PUBLIC_KEY_FILE])
      if (!existsSync(join(dir, file)))
        throw new InputError(dir, '', `not an audit log directory (no ${file})`);
    const stored = readKeyFile(join(dir, PUBLIC_KEY_FILE), PUBLIC_KEY_FILE, decodeSigningPublicKey);
    let key = stored;
    if (options.key) {
      key = decodeSigningPublicKey(options.key);
      if (key.principal !== stored.principal || !equalBytes(key.publicKey, stored.publicKey))
        throw new LogIntegrityError(
          PUBLIC_KEY_FILE,
          'the log key',
          'is not the key you gave: the log was replaced or its key changed',
        );
    }
    let signer: SigningKeyPair | undefined;
    if (!options.readOnly) {
      const secret = readKeyFile(join(dir, SECRET_KEY_FILE), SECRET_KEY_FILE, decodeSigningSecretKey);
      const pair = signingKeyPair(secret.principal, secret.secretKey);
      if (pair.principal !== key.principal || !equalBytes(pair.publicKey, key.publicKey))
        throw new LogIntegrityError(
          SECRET_KEY_FILE,
          'the signing key',
          'does not belong to the log’s public key',
        );
      signer = pair;
      takeLock(dir);
    }
    let log: AuditLog;
    try {
      log = new AuditLog(dir, key, signer, options);
    } catch (error) {
      if (signer) releaseLock(dir);
      throw error;
    }
    try {
      log.#load();
    } catch (error) {
      log.close();
      throw error;
    }
    return log;
  }

  // ── loading and verification ────────────────────────────────────────────────────────────────────

  #load(): void {
    this.#loadHeads();
    this.#loadEntries();
  }

  #loadHeads(): void {
    const bytes = readFileSync(join(this.dir, HEADS_FILE));
    checkMagic(bytes, HEADS_MAGIC, HEADS_FILE);
    let offset = FILE_HEADER_BYTES;
    let previous: SignedTreeHead | undefined;
    let torn = 0;
    while (offset < bytes.length) {
      const position = this.#heads.length;
      const parsed = parseRecord(bytes, offset);
      const where = `tree head ${position}`;
      if (parsed.kind === 'torn') {
        // A crash mid-write leaves a prefix of a real head record, whose length field (if whole) is the
        // one every head of this log has; any other length is damage to an acknowledged head.
        const expected = headRecordLength(this.key.principal) - RECORD_OVERHEAD;
        if (
          bytes.length - offset >= 4 &&
          Buffer.from(bytes.buffer, bytes.byteOffset).readUInt32BE(offset) !== expected
        )
          throw new LogIntegrityError(
            HEADS_FILE,
            where,
            `a record length that no tree head of this log has (${parsed.reason})`,
            offset,
          );
        torn = bytes.length - offset;
        break;
      }
      if (parsed.kind === 'bad') {
        // A head record that is whole but wrong is forgery or damage, unless it is the zero-filled tail a
        // power loss can leave.
        if (bytes.subarray(offset).every((b) => b === 0)) {
          torn = bytes.length - offset;
          break;
        }
        throw new LogIntegrityError(HEADS_FILE, where, parsed.reason, offset);
      }
      let signed: SignedTreeHead;
      try {
        signed = decodeSignedTreeHead(parsed.payload);
      } catch (error) {
        throw new LogIntegrityError(HEADS_FILE, where, (error as Error).message, offset);
      }
      const problem = treeHeadProblem(signed, this.key);
      if (problem)
        throw new LogIntegrityError(HEADS_FILE, where, `${problem} (a forged or altered head)`, offset);
      if (previous) {
        if (signed.head.size < previous.head.size)
          throw new LogIntegrityError(
            HEADS_FILE,
            where,
            `covers ${signed.head.size} entries, fewer than the head before it (${previous.head.size})`,
            offset,
          );
        if (signed.head.timestamp < previous.head.timestamp)
          throw new LogIntegrityError(HEADS_FILE, where, 'is older than the head before it', offset);
      }
      this.#heads.push({ signed, position, offset });
      previous = signed;
      offset = parsed.next;
    }
    if (this.#heads.length === 0)
      throw new LogIntegrityError(
        HEADS_FILE,
        'tree head 0',
        'missing: the log has no signed head',
        FILE_HEADER_BYTES,
      );
    this.#headsEnd = offset;
    if (torn > 0) this.#unfinished = { bytes: 0, records: 0, headBytes: torn };
  }

  #loadEntries(): void {
    const length = fstatSync(this.#entriesFd).size;
    const head = Buffer.alloc(Math.min(length, FILE_HEADER_BYTES));
    readSync(this.#entriesFd, head, 0, head.length, 0);
    checkMagic(head, ENTRIES_MAGIC, ENTRIES_FILE);
    const covered = (this.#heads.at(-1) as StoredHead).signed.head.size;
    let headIndex = 0;
    // Heads of size 0 cover nothing; check them against the empty tree.
    headIndex = this.#checkHeadsAt(0, headIndex);
    let offset = FILE_HEADER_BYTES;
    const reader = new ChunkReader(this.#entriesFd, length);
    for (let index = 0; index < covered; index++) {
      const window = reader.at(offset);
      const parsed = window
        ? parseRecord(window.bytes, offset - window.start)
        : ({ kind: 'torn', reason: 'missing' } as const);
      if (parsed.kind !== 'record') {
        if (parsed.kind === 'torn')
          throw new LogIntegrityError(
            ENTRIES_FILE,
            `entry ${index}`,
            offset >= length
              ? `missing: the file holds ${index} entries, but signed tree heads cover ${covered} (entries were removed)`
              : `${parsed.reason}, inside what signed tree heads cover (${covered} entries): the file was cut`,
            offset,
          );
        throw new LogIntegrityError(ENTRIES_FILE, `entry ${index}`, parsed.reason, offset);
      }
      // The index is read in place; only uploads (which feed the map of latest versions) are decoded
      // here. Every entry is decoded by `verifyLog` (src/audit/verify.ts).
      const claimed = rawIndex(parsed.payload);
      if (claimed !== index)
        throw new LogIntegrityError(
          ENTRIES_FILE,
          `entry ${index}`,
          claimed === undefined
            ? 'not an entry of format 1'
            : `says it is entry ${claimed} (entries were removed, added or reordered)`,
          offset,
        );
      if (parsed.payload[1] === ENTRY_TYPES.upload) {
        let entry: Entry;
        try {
          entry = decodeEntry(parsed.payload);
        } catch (error) {
          throw new LogIntegrityError(ENTRIES_FILE, `entry ${index}`, (error as Error).message, offset);
        }
        this.#noteUpload(entry);
      }
      this.#offsets.push(offset);
      this.#tree.append(leafHash(parsed.payload));
      offset = (window as { start: number }).start + parsed.next;
      headIndex = this.#checkHeadsAt(index + 1, headIndex);
    }
    this.#entriesEnd = offset;
    const tail = length - offset;
    if (tail > 0 || this.#unfinished) {
      const records = countRecords(reader, offset, length);
      this.#unfinished = { bytes: tail, records, headBytes: this.#unfinished?.headBytes ?? 0 };
      if (!this.readOnly) this.#cutUnfinished();
    }
  }

  /** Every head of `size` must have the roots of the first `size` entries. */
  #checkHeadsAt(size: number, from: number): number {
    let h = from;
    while (h < this.#heads.length && (this.#heads[h] as StoredHead).signed.head.size === size) {
      const { signed, position, offset } = this.#heads[h] as StoredHead;
      const previous = h > 0 ? (this.#heads[h - 1] as StoredHead).signed.head.size : 0;
      const range =
        previous === size ? 'no new entries' : `entries ${previous}–${size - 1}, after tree head ${h - 1}`;
      if (!equalBytes(this.#tree.root(), signed.head.root))
        throw new LogIntegrityError(
          HEADS_FILE,
          `tree head ${position} (size ${size})`,
          `its root does not match the entries: an entry it covers was altered, removed or reordered (the first change is among ${range})`,
          offset,
        );
      if (
        signed.head.latestSize !== this.#latestTree.size ||
        !equalBytes(this.#latestTree.root(), signed.head.latestRoot)
      )
        throw new LogIntegrityError(
          HEADS_FILE,
          `tree head ${position} (size ${size})`,
          'its map of latest versions does not match the upload entries',
          offset,
        );
      h++;
    }
    return h;
  }

  #cutUnfinished(): void {
    const unfinished = this.#unfinished as UnfinishedAppend;
    let savedTo: string | undefined;
    if (unfinished.bytes > 0) {
      const dir = join(this.dir, RECOVERED_DIR);
      mkdirSync(dir, { recursive: true });
      savedTo = join(dir, `entries-after-${this.size}-${Date.now()}-${process.pid}.bin`);
      const tail = Buffer.alloc(unfinished.bytes);
      readSync(this.#entriesFd, tail, 0, tail.length, this.#entriesEnd);
      writeDurably(savedTo, tail);
      fsyncDirectory(dir);
      ftruncateSync(this.#entriesFd, this.#entriesEnd);
      fsyncSync(this.#entriesFd);
    }
    if (unfinished.headBytes > 0) {
      ftruncateSync(this.#headsFd, this.#headsEnd);
      fsyncSync(this.#headsFd);
    }
    this.#unfinished = { ...unfinished, ...(savedTo ? { savedTo } : {}) };
  }

  #noteUpload(entry: Entry): { key: string; before: LatestState | undefined } | undefined {
    if (entry.type !== 'upload') return undefined;
    const key = fileKey(entry.ownerId, entry.fileId);
    const before = this.#latest.get(key);
    // The latest version is the highest logged; the same version again replaces its manifest.
    if (before && entry.version < before.leaf.version) return undefined;
    const leaf: LatestLeaf = {
      ownerId: entry.ownerId,
      fileId: entry.fileId,
      version: entry.version,
      manifestSha256: entry.manifestSha256,
      entryIndex: entry.index,
    };
    const hash = leafHash(encodeLatestLeaf(leaf));
    const mapIndex = before ? before.mapIndex : this.#latestTree.append(hash);
    if (before) this.#latestTree.set(mapIndex, hash);
    this.#latest.set(key, { mapIndex, leaf });
    return { key, before };
  }

  // ── appending ───────────────────────────────────────────────────────────────────────────────────

  /**
   * Appends `inputs` as one commit: written and fsynced, then covered by a new signed head, fsynced;
   * returns once both are on disk. Bad input throws before anything is written.
   */
  append(inputs: readonly EntryInput[]): AppendResult {
    this.#writable();
    const first = this.size;
    // Nothing to commit: the latest head already covers everything (no empty commits, no extra heads).
    if (inputs.length === 0) return { first, count: 0, head: this.latestHead() };
    const entries = inputs.map((input, k) => ({ ...input, index: first + k }) as Entry);
    const encoded = entries.map(encodeEntry);
    const records = Buffer.concat(encoded.map(frame));
    const undo: ({ key: string; before: LatestState | undefined } | undefined)[] = [];
    const latestSizeBefore = this.#latestTree.size;
    const entriesEndBefore = this.#entriesEnd;
    try {
      writeAll(this.#entriesFd, records, this.#entriesEnd);
      fsyncSync(this.#entriesFd);
      let offset = this.#entriesEnd;
      for (const [k, bytes] of encoded.entries()) {
        this.#offsets.push(offset);
        offset += bytes.length + RECORD_OVERHEAD;
        this.#tree.append(leafHash(bytes));
        undo.push(this.#noteUpload(entries[k] as Entry));
      }
      this.#entriesEnd = offset;
      const previous = this.latestHead().head;
      const signed = signTreeHead(
        {
          log: this.name,
          size: this.size,
          timestamp: Math.max(this.#clock(), previous.timestamp),
          root: this.#tree.root(),
          latestSize: this.#latestTree.size,
          latestRoot: this.#latestTree.root(),
        },
        this.#signer as SigningKeyPair,
      );
      const record = frame(encodeSignedTreeHead(signed));
      writeAll(this.#headsFd, record, this.#headsEnd);
      fsyncSync(this.#headsFd);
      this.#heads.push({ signed, position: this.#heads.length, offset: this.#headsEnd });
      this.#headsEnd += record.length;
      return { first, count: inputs.length, head: signed };
    } catch (error) {
      // Not acknowledged: forget it in memory and on disk (a later open would cut it off anyway).
      this.#tree.truncate(first);
      this.#offsets.truncate(first);
      for (const change of undo.reverse()) {
        if (!change) continue;
        if (change.before) {
          this.#latest.set(change.key, change.before);
          this.#latestTree.set(change.before.mapIndex, leafHash(encodeLatestLeaf(change.before.leaf)));
        } else this.#latest.delete(change.key);
      }
      this.#latestTree.truncate(latestSizeBefore);
      this.#entriesEnd = entriesEndBefore;
      try {
        ftruncateSync(this.#entriesFd, entriesEndBefore);
        ftruncateSync(this.#headsFd, this.#headsEnd);
      } catch {
        // the open that follows cuts it off
      }
      throw error;
    }
  }

  #writable(): void {
    if (this.#closed) throw new Error('the audit log is closed');
    if (this.readOnly || !this.#signer) throw new Error('the audit log was opened read-only');
  }

  // ── reading ─────────────────────────────────────────────────────────────────────────────────────

  entryBytes(index: number): Uint8Array {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size)
      throw new RangeError(`no entry ${index}: the log holds ${this.size}`);
    const offset = this.#offsets.get(index);
    const lengthField = Buffer.alloc(4);
    readSync(this.#entriesFd, lengthField, 0, 4, offset);
    const payload = Buffer.alloc(lengthField.readUInt32BE(0));
    readSync(this.#entriesFd, payload, 0, payload.length, offset + 4);
    return new Uint8Array(payload);
  }

  entry(index: number): Entry {
    return decodeEntry(this.entryBytes(index));
  }

  /** Every acknowledged entry in order, read sequentially. */
  *entries(from = 0, to = this.size): Generator<Entry> {
    if (to <= from) return;
    const reader = new ChunkReader(this.#entriesFd, this.#entriesEnd);
    for (let i = from; i < to; i++) {
      const offset = this.#offsets.get(i);
      const window = reader.at(offset) as { bytes: Uint8Array; start: number };
      const parsed = parseRecord(window.bytes, offset - window.start);
      if (parsed.kind !== 'record')
        throw new LogIntegrityError(ENTRIES_FILE, `entry ${i}`, 'changed while the log was open', offset);
      yield decodeEntry(parsed.payload);
    }
  }

  /** The root of the tree of the first `size` entries. */
  root(size = this.size): Uint8Array {
    return this.#tree.root(size);
  }

  inclusionProof(index: number, size = this.size): InclusionProof {
    if (size > this.size || size < 1)
      throw new RangeError(`no tree of size ${size}: the log holds ${this.size}`);
    if (index >= size) throw new RangeError(`entry ${index} is not in the tree of size ${size}`);
    return {
      log: this.name,
      index,
      size,
      entry: this.entryBytes(index),
      path: this.#tree.inclusionProof(index, size),
    };
  }

  consistencyProof(first: number, second = this.size): ConsistencyProof {
    if (second > this.size) throw new RangeError(`no tree of size ${second}: the log holds ${this.size}`);
    if (first > second) throw new RangeError(`size ${first} is larger than size ${second}`);
    return { log: this.name, first, second, path: this.#tree.consistencyProof(first, second) };
  }

  /** The latest logged upload of (owner, file), with the proofs a reader checks (docs/audit.md, "Rollback"). */
  latestVersionProof(ownerId: string, fileId: string): LatestVersionProof | undefined {
    const state = this.#latest.get(fileKey(ownerId, fileId));
    if (!state) return undefined;
    return {
      log: this.name,
      size: this.size,
      mapIndex: state.mapIndex,
      leaf: state.leaf,
      mapPath: this.#latestTree.inclusionProof(state.mapIndex),
      entry: this.entryBytes(state.leaf.entryIndex),
      entryPath: this.#tree.inclusionProof(state.leaf.entryIndex),
    };
  }

  /** The latest logged version of every file, in the order the map holds them. */
  latestVersions(): LatestLeaf[] {
    return [...this.#latest.values()].sort((a, b) => a.mapIndex - b.mapIndex).map((s) => s.leaf);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#entriesFd);
    closeSync(this.#headsFd);
    if (!this.readOnly) releaseLock(this.dir);
  }
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────────

function readKeyFile<T>(path: string, name: string, decode: (bytes: Uint8Array) => T): T {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new LogIntegrityError(name, 'the log key', `cannot be read: ${(error as Error).message}`);
  }
  try {
    return decode(bytes);
  } catch (error) {
    throw new LogIntegrityError(name, 'the log key', (error as Error).message);
  }
}

function checkMagic(bytes: Uint8Array, magic: Uint8Array, file: string): void {
  if (bytes.length < magic.length || !equalBytes(bytes.subarray(0, magic.length), magic))
    throw new LogIntegrityError(
      file,
      'the file header',
      `is not "${Buffer.from(magic.subarray(0, 8)).toString('latin1')}" format 1`,
      0,
    );
}

/** Reads a file in large windows, so that parsing a million small records is not a million reads. */
class ChunkReader {
  static readonly CHUNK = 1 << 20;
  #start = 0;
  #bytes: Uint8Array = new Uint8Array(0);
  constructor(
    readonly fd: number,
    readonly length: number,
  ) {}

  #covers(offset: number, n: number): boolean {
    return offset >= this.#start && offset + n <= this.#start + this.#bytes.length;
  }

  /** A window holding the whole record at `offset` (or as much of it as the file has). */
  at(offset: number): { bytes: Uint8Array; start: number } | undefined {
    if (offset >= this.length) return undefined;
    const available = this.length - offset;
    if (!this.#covers(offset, Math.min(4, available))) this.#fill(offset, 4);
    if (available >= 4) {
      const i = offset - this.#start;
      const b = this.#bytes;
      const length =
        (((b[i] as number) << 24) |
          ((b[i + 1] as number) << 16) |
          ((b[i + 2] as number) << 8) |
          (b[i + 3] as number)) >>>
        0;
      const need = Math.min(available, RECORD_OVERHEAD + Math.min(length, RECORD_PAYLOAD_MAX + 1));
      if (!this.#covers(offset, need)) this.#fill(offset, need);
    }
    return { bytes: this.#bytes, start: this.#start };
  }

  #fill(offset: number, atLeast: number): void {
    const size = Math.min(this.length - offset, Math.max(ChunkReader.CHUNK, atLeast));
    const buffer = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(this.fd, buffer, read, size - read, offset + read);
      if (n === 0) break;
      read += n;
    }
    this.#start = offset;
    this.#bytes = buffer.subarray(0, read);
  }
}

function countRecords(reader: ChunkReader, from: number, length: number): number {
  let count = 0;
  let offset = from;
  while (offset < length) {
    const window = reader.at(offset);
    if (!window) break;
    const parsed = parseRecord(window.bytes, offset - window.start);
    if (parsed.kind !== 'record') break;
    count++;
    offset = window.start + parsed.next;
  }
  return count;
}

// One writer at a time: DIR/lock holds the writer's pid; a lock whose process is gone (it crashed) is taken over.
function takeLock(dir: string): void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(pid) && (pid === process.pid || isAlive(pid)))
        throw new InputError(dir, '', `the audit log is open for writing by process ${pid}`);
      unlinkSync(path);
    }
  }
  throw new InputError(dir, '', 'could not take the audit log’s lock');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseLock(dir: string): void {
  try {
    const path = join(dir, LOCK_FILE);
    if (Number.parseInt(readFileSync(path, 'utf8'), 10) === process.pid) unlinkSync(path);
  } catch {
    // already gone
  }
}

/** The index an entry's bytes claim (format ‖ type ‖ index:u64 ‖ …), read without decoding the rest. */
function rawIndex(payload: Uint8Array): number | undefined {
  if (payload.length < 10 || payload[0] !== ENTRY_FORMAT) return undefined;
  const view = Buffer.from(payload.buffer, payload.byteOffset, payload.length);
  const value = view.readBigUInt64BE(2);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(value);
}

/** The bytes of one head record of the log `name`: every head of a log has the same length. */
function headRecordLength(name: string): number {
  const nameBytes = Buffer.byteLength(name, 'utf8');
  return RECORD_OVERHEAD + 6 + 1 + nameBytes + 8 + 8 + 32 + 8 + 32 + 64;
}

/** SHA-256 of a signed manifest's wire bytes: what an upload entry logs (docs/audit.md, "Rollback"). */
export function manifestHash(manifestBytes: Uint8Array): Uint8Array {
  return sha256Native(manifestBytes);
}
