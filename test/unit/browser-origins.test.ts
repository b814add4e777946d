import assert from "node:assert/strict";
import { publicClientOriginAllowed } from "../../mcp-server/src/http/oauth/browser-origins.js";

const CHROME_ID = "jgkmmhikedadaeiegmpncfkhkfhabehh";

describe("browser origins a public OAuth client may call the token endpoint from", () => {
  it("allows a web client's own redirect origin and nothing else of the web", () => {
    assert.equal(publicClientOriginAllowed("https://app.example.com", ["https://app.example.com/callback"]), true);
    assert.equal(publicClientOriginAllowed("https://evil.example.com", ["https://app.example.com/callback"]), false);
    assert.equal(publicClientOriginAllowed("null", ["https://app.example.com/callback"]), false);
  });

  it("allows a Chrome extension's pages only for the client whose redirect is that extension's chromiumapp.org address", () => {
    assert.equal(publicClientOriginAllowed(`chrome-extension://${CHROME_ID}`, [`https://${CHROME_ID}.chromiumapp.org/`]), true);
    assert.equal(publicClientOriginAllowed(`chrome-extension://${"a".repeat(32)}`, [`https://${CHROME_ID}.chromiumapp.org/`]), false);
    assert.equal(publicClientOriginAllowed(`chrome-extension://${CHROME_ID}`, ["https://app.example.com/callback"]), false);
  });

  it("allows a Firefox extension's pages for a client that redirects to the browser's allizom.org address", () => {
    const origin = "moz-extension://0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
    assert.equal(publicClientOriginAllowed(origin, ["https://3c5f8a.extensions.allizom.org/"]), true);
    assert.equal(publicClientOriginAllowed(origin, ["https://app.example.com/callback"]), false);
    assert.equal(publicClientOriginAllowed("moz-extension://not-a-uuid", ["https://3c5f8a.extensions.allizom.org/"]), false);
  });
});
