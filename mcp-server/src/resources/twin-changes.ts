import type { Story, Twin } from "../domain/types.js";
import { PROFILE_URI, profileJson, storyMarkdown, storyUri } from "./twin-resources.js";

/** What a client of the twin's resources sees change between two versions of the twin file. */
export interface TwinResourceChanges {
  /** The story list differs: a story added, removed, renamed or moved. */
  listChanged: boolean;
  profileChanged: boolean;
  added: string[];
  removed: string[];
  /** Stories in both versions whose Markdown differs. */
  changed: string[];
  /** Every resource whose content differs, removed ones included, as URIs. */
  updated: string[];
}

function listing(stories: readonly Story[]): string {
  return JSON.stringify(stories.map((s) => [s.id, s.title]));
}

/**
 * Compares what the resources would show, not the parsed values: a story moved down the file
 * (its line number changes) or reflowed whitespace outside it changes nothing a client reads.
 */
export function twinResourceChanges(before: Twin | null, after: Twin): TwinResourceChanges {
  const previous = new Map((before?.stories ?? []).map((s) => [s.id, s]));
  const current = new Set(after.stories.map((s) => s.id));
  const added = after.stories.filter((s) => !previous.has(s.id)).map((s) => s.id);
  const removed = [...previous.keys()].filter((id) => !current.has(id));
  const changed = after.stories.filter((s) => previous.has(s.id) && storyMarkdown(previous.get(s.id)!) !== storyMarkdown(s)).map((s) => s.id);
  const profileChanged = before === null || profileJson(before.profile) !== profileJson(after.profile);
  return {
    listChanged: before === null || listing(before.stories) !== listing(after.stories),
    profileChanged,
    added,
    removed,
    changed,
    updated: [...(profileChanged ? [PROFILE_URI] : []), ...[...added, ...changed, ...removed].map(storyUri)],
  };
}

export function hasChanges(changes: TwinResourceChanges): boolean {
  return changes.listChanged || changes.updated.length > 0;
}

/** One line for the person reading the client's log, e.g. "profile changed; stories added: a; changed: b". */
export function describeChanges(changes: TwinResourceChanges): string {
  const parts = [
    changes.profileChanged ? "profile changed" : "",
    changes.added.length ? `stories added: ${changes.added.join(", ")}` : "",
    changes.changed.length ? `stories changed: ${changes.changed.join(", ")}` : "",
    changes.removed.length ? `stories removed: ${changes.removed.join(", ")}` : "",
  ].filter(Boolean);
  return parts.length ? parts.join("; ") : "the story list was reordered";
}
