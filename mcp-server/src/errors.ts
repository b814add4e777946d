/**
 * What went wrong for a reason the caller can act on, told to them as it is:
 * `input` a field broke a rule, `twin` the twin file blocks the call, `busy` the store is held elsewhere.
 * Any other error is a fault of ours: logged, and summarised to the caller.
 */
export type CoachErrorKind = "input" | "twin" | "busy";

export abstract class CoachError extends Error {
  abstract readonly kind: CoachErrorKind;
}

/** A caller's mistake: names the field and the rule it broke. Returned as a tool error, never a crash. */
export class CoachInputError extends CoachError {
  readonly kind = "input";

  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
    this.name = "CoachInputError";
  }
}

/** The message of anything thrown: an Error's own, or the thrown value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
