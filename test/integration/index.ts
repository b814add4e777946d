// Entry VS Code loads as extensionTestsPath: runs the integration suites inside the extension host.
import Mocha from "mocha";
import { compareTests, extensionTests, practiceTests } from "./extension.test.js";

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: "bdd", reporter: "spec", color: false, timeout: 60_000 });
  // The suites are bundled into this file, so mocha's globals are set up by hand before they register.
  mocha.suite.emit("pre-require", globalThis, "integration", mocha);
  extensionTests();
  practiceTests();
  compareTests();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
