/**
 * Numeric limits, stated once. The wire format (docs/wire-format.md) fixes the first three by its field
 * widths; the scenario schema and the model configuration apply the same numbers, so anything that loads
 * can also be encoded.
 */

/** Access levels are u16 on the wire. */
export const ACCESS_LEVEL_MAX = 0xffff;
/** File versions are u32 on the wire. */
export const VERSION_MAX = 0xffff_ffff;
/** A file has at most 255 partitions (u8 count on the wire). */
export const PARTITIONS_MAX = 255;
/** The model clock's last time point can be at most this (the Time domain is 0..max). */
export const CLOCK_MAX = 1000;
