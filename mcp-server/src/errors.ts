/** A caller's mistake: names the field and the rule it broke. Returned as a tool error, never a crash. */
export class CoachInputError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
    this.name = "CoachInputError";
  }
}
