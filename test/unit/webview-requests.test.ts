import assert from "node:assert/strict";
import { isRequestMessage, parseRequestParams } from "../../extension/src/protocol/webview-requests.js";

describe("webview requests, as the host checks them", () => {
  it("accepts a request for a known method with object params", () => {
    assert.equal(isRequestMessage({ type: "request", id: 7, method: "dashboard/report", params: { period: "weekly" } }), true);
  });

  it("refuses unknown methods, names inherited from Object, and params that are not an object", () => {
    for (const message of [
      { type: "request", id: 1, method: "dashboard/delete", params: {} },
      { type: "request", id: 1, method: "toString", params: {} },
      { type: "request", id: 1, method: "__proto__", params: {} },
      { type: "request", id: 1, method: "ab/run", params: ["question"] },
      { type: "request", id: 1.5, method: "ab/run", params: {} },
      { type: "response", id: 1, method: "ab/run", params: {} },
      null,
    ]) {
      assert.equal(isRequestMessage(message), false, JSON.stringify(message));
    }
  });

  it("checks params against the method's schema, naming the field and the rule", () => {
    assert.throws(
      () => parseRequestParams("dashboard/report", { period: "hourly" }),
      /Invalid dashboard\/report request: period: must be "daily", "weekly" or "monthly"/,
    );
    assert.throws(() => parseRequestParams("recommendations/get", { limit: 500 }), /Invalid recommendations\/get request: limit: /);
    assert.throws(
      () =>
        parseRequestParams("ab/compareInEditor", {
          question: "Q",
          controlVariantId: "a",
          testVariantId: "b",
          controlResponse: "x",
          testResponse: "y",
          source: "guess",
        }),
      /source/,
    );
  });

  it("hands the handler the checked params: text trimmed, nothing extra", () => {
    const params = parseRequestParams("ab/run", {
      question: "  Tell me about a conflict.  ",
      controlVariantId: "concise",
      testVariantId: "detailed",
      injected: "ignored",
    });
    assert.deepEqual(params, { question: "Tell me about a conflict.", controlVariantId: "concise", testVariantId: "detailed" });
  });
});
