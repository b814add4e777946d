// One VS Code server and one Chromium for every end-to-end spec, so the .vsix is packaged and
// installed once; each spec opens windows of its own onto it.
import { cpSync, mkdirSync } from "node:fs";
import path from "node:path";
import { seedHistory } from "./seed.js";
import { freshFolder, RESULTS, startWorkbench, type Workbench } from "./workbench.js";

let started: Promise<Workbench> | undefined;
let seeded: Promise<string> | undefined;

export function sharedWorkbench(): Promise<Workbench> {
  mkdirSync(RESULTS, { recursive: true });
  started ??= startWorkbench().then((workbench) => {
    // Seeded while the first spec drives its window; a failure surfaces where the history is asked for.
    seededTemplate(workbench).catch(() => undefined);
    return workbench;
  });
  return started;
}

function seededTemplate(workbench: Workbench): Promise<string> {
  return (seeded ??= (async () => {
    const template = freshFolder(workbench, "seeded-history");
    await seedHistory(template);
    return template;
  })());
}

/** A copy of one seeded history per call: windows never share a data folder, and seeding runs once. */
export async function seededDataDir(workbench: Workbench, name: string): Promise<string> {
  const copy = path.join(workbench.scratch, name);
  cpSync(await seededTemplate(workbench), copy, { recursive: true });
  return copy;
}

// A root-level hook: mocha runs it once after all spec files, whichever of them started the workbench.
after(async function () {
  this.timeout(30_000);
  const workbench = await started?.catch(() => undefined);
  await workbench?.close();
});
