import assert from "node:assert/strict";
import { parseKeysCommand } from "../../mcp-server/src/http/keys-options.js";

describe("the keys command's arguments", () => {
  it("takes an id that starts with a dash after disconnect, as keys apps prints it, wherever the other flags are", () => {
    for (const argv of [
      ["disconnect", "-ZpQ3x_k", "--redis", "redis://127.0.0.1:6379"],
      ["--redis", "redis://127.0.0.1:6379", "disconnect", "-ZpQ3x_k"],
    ]) {
      const parsed = parseKeysCommand(argv);
      assert.ok(parsed.ok && parsed.value !== "help", JSON.stringify(parsed));
      assert.deepEqual(parsed.value.keys, { action: "disconnect", grantId: "-ZpQ3x_k", redisUrl: "redis://127.0.0.1:6379" });
    }
  });

  it("still refuses an unknown flag, and a second id", () => {
    const unknown = parseKeysCommand(["disconnect", "abc", "-Z"]);
    assert.ok(!unknown.ok && /Unknown option '-Z'/.test(unknown.error));
    const two = parseKeysCommand(["disconnect", "-abc", "def", "--data-dir", "/tmp/x"]);
    assert.ok(!two.ok && /unexpected argument|exactly one ID/.test(two.error), JSON.stringify(two));
  });
});
