/** The four default PHR partitions of the paper (§3.3), each in its own access level unless configured. */
export const DEFAULT_PARTITIONS = ['personal', 'medical', 'insurance', 'prescription'] as const;
