/** Types for bin/build-info.js (plain JavaScript: it runs before anything is compiled). */
export const ROOT: string;
export const DIST: string;
export const BUILD_INFO: string;
export const BUILD_INFO_FORMAT: number;
export const SOURCE_DIRS: readonly string[];
export const CONFIG_FILES: readonly string[];
export interface InputRecord {
  readonly size: number;
  readonly mtimeMs: number;
  readonly sha256: string;
}
export function listInputs(root?: string): string[];
export function describeInputs(root?: string): Record<string, InputRecord>;
export type BuildStatus = { readonly fresh: true } | { readonly fresh: false; readonly reason: string };
export function checkBuild(root?: string): BuildStatus;
