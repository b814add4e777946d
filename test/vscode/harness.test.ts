// Proves the harness end to end: a real VS Code extension host runs the fixture's mocha tests and the
// exit code tells passing from failing, both directly and through @vscode/test-electron's runTests.
import assert from "node:assert/strict";
import path from "node:path";
import { runTests } from "@vscode/test-electron";
import { installHost } from "./install-host";
import { VSCODE_LAUNCHER } from "./launcher/launch";
import { runExtensionTests } from "./run-in-host";

const FIXTURES = path.join(__dirname, "fixtures");
const extensionDevelopmentPath = path.join(FIXTURES, "hello-extension");
const passingTests = path.join(extensionDevelopmentPath, "suite/index.js");
const failingTests = path.join(extensionDevelopmentPath, "failing-suite/index.js");
const workspacePath = path.join(FIXTURES, "workspace");
const screenshotDir = path.resolve(__dirname, "../../test-results/vscode-harness");

describe("VS Code test harness (real extension host, offline)", function () {
  this.timeout(600_000);

  before(async () => {
    await installHost();
  });

  it("runs the fixture extension's tests in the host and reports exit code 0", async () => {
    const code = await runExtensionTests({ extensionDevelopmentPath, extensionTestsPath: passingTests, workspacePath, screenshotDir });
    assert.equal(code, 0);
  });

  it("reports a failing test as a non-zero exit code", async () => {
    const code = await runExtensionTests({ extensionDevelopmentPath, extensionTestsPath: failingTests, workspacePath, screenshotDir });
    assert.notEqual(code, 0);
  });

  it("lets @vscode/test-electron's runTests drive the same host through the launcher", async () => {
    const options = { vscodeExecutablePath: VSCODE_LAUNCHER, extensionDevelopmentPath, launchArgs: [workspacePath] };
    assert.equal(await runTests({ ...options, extensionTestsPath: passingTests }), 0);
    await assert.rejects(runTests({ ...options, extensionTestsPath: failingTests }), /failed with code 1/);
  });
});
