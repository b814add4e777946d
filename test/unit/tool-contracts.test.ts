import assert from "node:assert/strict";
import { TOOL_CONTRACTS } from "../../mcp-server/src/contracts/tools.js";
import { TOOLS } from "../../mcp-server/src/tools/index.js";

describe("tool contracts", () => {
  it("name every registered tool, with the very schemas the tool validates and answers with", () => {
    assert.deepEqual(Object.keys(TOOL_CONTRACTS).sort(), TOOLS.map((tool) => tool.name).sort());
    for (const tool of TOOLS) {
      const contract = TOOL_CONTRACTS[tool.name as keyof typeof TOOL_CONTRACTS];
      assert.equal(contract.input, tool.input, `${tool.name}: input schema`);
      assert.equal(contract.output, tool.output, `${tool.name}: output schema`);
    }
  });
});
