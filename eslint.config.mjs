import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "out/**", "node_modules/**", ".vscode-test/**", "patches/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "no-console": "error",
    },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: { globals: globals.node },
  },
  {
    // Plain CommonJS, as VS Code loads a test fixture extension.
    files: ["test/vscode/fixtures/**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // The awareness core (clock, merge, views, store contract) is pure too; its adapters sit in sqlite/ and redis/.
    files: ["mcp-server/src/domain/**/*.ts", "mcp-server/src/awareness/*.ts"],
    ignores: ["mcp-server/src/awareness/fingerprint.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*", "fs", "path", "os", "child_process"], message: "The domain core is pure: no I/O." },
            { group: ["vscode"], message: "The domain core must not depend on vscode." },
            { group: ["**/store/**", "**/tools/**", "**/twin/load*"], message: "The domain core must not depend on adapters." },
          ],
        },
      ],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "Pass time into the domain." },
        { object: "Math", property: "random", message: "The domain is deterministic." },
      ],
    },
  },
  {
    // Layers point one way: domain ← contracts ← tools, store, twin ← http.
    files: ["mcp-server/src/contracts/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/http/**", "**/tools/**", "**/store/**", "**/twin/**", "**/awareness/**"],
              message: "Contracts sit just above the domain: move what they share down a layer.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["mcp-server/src/tools/**/*.ts", "mcp-server/src/store/**/*.ts", "mcp-server/src/twin/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/http/**"], message: "The HTTP server sits on top: tools, store and twin must not depend on it." }] },
      ],
    },
  },
  {
    files: ["webview-ui/**/*.ts", "webview-ui/**/*.tsx"],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ["webview-ui/**/*.ts", "webview-ui/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["vscode"], message: "Webviews reach the host only through the typed protocol." },
            { group: ["node:*"], message: "Webviews run in a browser." },
            { regex: "(extension/src/|mcp-server/src/)", message: "Webviews import only the protocol and the contracts, as #protocol/… and #contracts/…." },
          ],
        },
      ],
    },
  },
  {
    files: ["browser-extension/**/*.ts", "browser-extension/**/*.tsx"],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // The browser extension reaches the server over MCP and HTTP, shows the sidebar's own components, and scores offline with the pure rubric.
    files: ["browser-extension/**/*.ts", "browser-extension/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["vscode"], message: "The browser extension runs in a browser, not in VS Code." },
            { group: ["node:*"], message: "The browser extension runs in a browser." },
            {
              regex: "(extension/src/|mcp-server/src/|webview-ui/src/)",
              message: "The browser extension imports the contracts, the pure domain and the views by name: #contracts/…, #domain/…, #protocol/…, #webview/….",
            },
          ],
        },
      ],
    },
  },
  {
    // The extension talks to the server over MCP; what they share is the contracts, imported by name.
    files: ["extension/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "mcp-server/src/", message: "The extension imports the server's contracts as #contracts/…, never its internals." }] },
      ],
    },
  },
  {
    files: ["extension/src/protocol/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["vscode", "node:*"], message: "The protocol is pure: shared by host and webview." },
            { regex: "mcp-server/src/", message: "The protocol imports the server's contracts as #contracts/…." },
          ],
        },
      ],
    },
  },
  {
    files: ["test/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts", "*.mjs"],
    rules: { "no-console": "off" },
  },
);
