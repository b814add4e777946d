// The extension's manifest for each build, Manifest V3: Chrome's side panel and Firefox's sidebar from one description.

/** Where the activity report looks: the AI chat sites a job seeker practises beside. */
export const CHAT_SITES = ["https://claude.ai/*", "https://chatgpt.com/*"];

/** The server's address is the person's choice, so its host access is asked for at run time, for that origin only. */
export const SERVER_ORIGINS = ["https://*/*", "http://127.0.0.1/*", "http://localhost/*"];

/** The Firefox add-on id: it fixes the sign-in redirect address (identity.getRedirectURL()) across installs. */
export const FIREFOX_ID = "interview-coach@digital-twin-coach";

/**
 * Least privilege: storage, sign-in (identity), the context menu, an alarm to keep the chat sessions reported, and the panel; host access to the two
 * chat sites, and to the coach's server once the person names it. Scripts only from the package itself.
 * @param {"chrome" | "firefox"} browser
 * @param {string} version
 * @returns {Record<string, unknown>}
 */
export function manifestFor(browser, version) {
  const common = {
    manifest_version: 3,
    name: "Interview Coach",
    short_name: "Interview Coach",
    version,
    description: "Your digital twin's practice, progress and next question beside claude.ai and chatgpt.com, in step with VS Code and Claude Desktop.",
    icons: { 128: "icon.png" },
    action: { default_title: "Open Interview Coach", default_icon: { 128: "icon.png" } },
    options_ui: { page: "options.html", open_in_tab: true },
    host_permissions: [...CHAT_SITES],
    optional_host_permissions: [...SERVER_ORIGINS],
    content_security_policy: { extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'" },
  };
  if (browser === "chrome") {
    return {
      ...common,
      minimum_chrome_version: "116",
      permissions: ["storage", "identity", "contextMenus", "alarms", "sidePanel"],
      background: { service_worker: "background.js" },
      side_panel: { default_path: "panel.html" },
    };
  }
  return {
    ...common,
    permissions: ["storage", "identity", "contextMenus", "alarms"],
    background: { scripts: ["background.js"] },
    sidebar_action: { default_panel: "panel.html", default_title: "Interview Coach", default_icon: "icon.png", open_at_install: false },
    // Answers and progress go only to the person's own coach server, which they chose; nothing else leaves the browser.
    browser_specific_settings: { gecko: { id: FIREFOX_ID, strict_min_version: "142.0", data_collection_permissions: { required: ["none"] } } },
  };
}
