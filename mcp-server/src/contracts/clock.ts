/** The wire form of a hybrid logical clock, as the API publishes it: the awareness core parses it, the schemas check it. */

/** [0-9] rather than \d: the API document publishes this pattern, and regex dialects other than JavaScript's read \d as any script's digits. */
export const CLOCK_PATTERN = /^([0-9]{15})-([0-9]{5})-([A-Za-z0-9_.:-]{1,64})$/;

export const CLOCK_RULE = "must be a clock: 15-digit milliseconds, 5-digit counter and node id joined by hyphens, e.g. 001781870400000-00000-vscode";
