// Entry VS Code loads as extensionTestsPath: runs the integration suites inside the extension host.
import { writeFileSync } from "node:fs";
import Mocha from "mocha";
import { chatTests } from "./chat.test.js";
import { claudeDesktopTests } from "./claude-desktop.test.js";
import { cloudTests } from "./cloud.test.js";
import { compareTests, dataTests, extensionTests, jobFitTests, practiceTests } from "./extension.test.js";
import { practiceErrorTests } from "./practice-errors.test.js";

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: "bdd", reporter: "spec", color: false, timeout: 60_000 });
  // The suites are bundled into this file, so mocha's globals are set up by hand before they register.
  mocha.suite.emit("pre-require", globalThis, "integration", mocha);
  extensionTests();
  practiceTests();
  practiceErrorTests();
  compareTests();
  dataTests();
  jobFitTests();
  cloudTests();
  claudeDesktopTests();
  chatTests();
  const counts = { passed: 0, failed: 0 };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // The outer test runner adds these to the suite totals it prints.
      if (process.env.COACH_TEST_RESULTS) writeFileSync(process.env.COACH_TEST_RESULTS, JSON.stringify(counts));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on("pass", () => counts.passed++);
    runner.on("fail", () => counts.failed++);
  });
}
