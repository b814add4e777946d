/**
 * An answer handed to more than one caller, frozen all the way down so no caller can change it
 * for another. REST checks a frozen answer against its route's schema and serializes it once.
 */
export function sharedAnswer<T extends object>(answer: T): T {
  freeze(answer);
  return answer;
}

function freeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const field of Object.values(value)) freeze(field);
}
