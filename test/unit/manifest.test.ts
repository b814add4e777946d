import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.join(__dirname, "../..");
const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    walkthroughs: { id: string; steps: { id: string; description: string; media: { markdown?: string; image?: string }; completionEvents: string[] }[] }[];
  };
};
const commands = new Set(manifest.contributes.commands.map((c) => c.command));
// VS Code generates "<view id>.focus" for every contributed view.
const viewIds = new Set(Object.values(manifest.contributes.views).flatMap((views) => views.map((v) => v.id)));
const runnable = (command: string): boolean => commands.has(command) || (command.endsWith(".focus") && viewIds.has(command.slice(0, -".focus".length)));

describe("The extension manifest's walkthrough", () => {
  const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);

  it("takes a new user from the twin through a practice to an A/B test and a preference", () => {
    assert.deepEqual(
      steps.map((s) => s.id),
      ["twin", "practice", "dashboard", "abTest", "compare"],
    );
  });

  it("links only to commands the extension contributes or VS Code generates for its views", () => {
    for (const step of steps) {
      const links = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!);
      assert.ok(links.length >= 1, `${step.id} offers a button`);
      for (const command of links) assert.ok(runnable(command), `${step.id} links to ${command}`);
    }
  });

  it("completes each step on an event that the step's own action raises", () => {
    const contextKeys = readFileSync(path.join(ROOT, "extension/src/walkthrough.ts"), "utf8");
    for (const step of steps) {
      assert.ok(step.completionEvents.length >= 1, `${step.id} can be completed`);
      for (const event of step.completionEvents) {
        const [kind, target] = event.split(":") as [string, string];
        if (kind === "onCommand") assert.ok(commands.has(target), `${step.id}: ${target} is a contributed command`);
        else if (kind === "onView") assert.ok(viewIds.has(target), `${step.id}: ${target} is a contributed view`);
        else if (kind === "onContext") assert.ok(contextKeys.includes(`"${target}"`), `${step.id}: ${target} is set by the extension`);
        else assert.fail(`${step.id}: unexpected completion event ${event}`);
      }
    }
  });

  it("ships every step's media in the package", () => {
    const ignore = readFileSync(path.join(ROOT, ".vscodeignore"), "utf8");
    assert.match(ignore, /^!media\/\*\*$/m, "media/ is kept in the .vsix");
    for (const step of steps) {
      const file = step.media.markdown ?? step.media.image;
      assert.ok(file?.startsWith("media/"), `${step.id}'s media is under media/`);
      if (!file) continue;
      assert.ok(existsSync(path.join(ROOT, file)), `${file} exists`);
    }
  });
});
