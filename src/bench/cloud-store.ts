/**
 * The cloud of the turnaround benchmark: a directory on the local file system. `put` is durable before
 * it returns (write to a temporary name, fsync, rename into place, fsync the directory), as an object
 * store's acknowledged PUT is; `get` reads the whole object.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class FileCloudStore {
  readonly #dir: string;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.#dir = dir;
  }

  put(name: string, bytes: Uint8Array): void {
    const path = join(this.#dir, name);
    const temporary = `${path}.partial`;
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    const dir = openSync(this.#dir, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }

  get(name: string): Uint8Array {
    return new Uint8Array(readFileSync(join(this.#dir, name)));
  }
}
