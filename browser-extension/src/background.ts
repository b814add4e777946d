// The extension's background: opens the coach beside the page, reports the chat sites in use, and scores a selected answer.
import { reportActivity } from "./activity-report";
import { chatPlatformOf, REPORT_EVERY_MS } from "./chat-activity";
import { load, save } from "./storage";

const sidePanel = (chrome as { sidePanel?: typeof chrome.sidePanel }).sidePanel;
/** Firefox's sidebar, which Chrome does not have; the manifest's sidebar_action declares it. */
const sidebarAction = (globalThis as { browser?: { sidebarAction?: { toggle(): Promise<void>; open(): Promise<void> } } }).browser?.sidebarAction;

const EVALUATE_MENU = "evaluate-answer";
const REPORT_ALARM = "activity-report";

if (sidePanel) void sidePanel.setPanelBehavior({ openPanelOnActionClick: true });
else if (sidebarAction) chrome.action.onClicked.addListener(() => void sidebarAction.toggle());

chrome.runtime.onInstalled.addListener(({ reason }) => {
  // Menus outlive the service worker but not an update, which clears them.
  chrome.contextMenus.removeAll(() =>
    chrome.contextMenus.create({ id: EVALUATE_MENU, title: "Evaluate this answer with Interview Coach", contexts: ["selection"] }),
  );
  if (reason !== "install") return;
  void load("server").then((server) => {
    if (!server) void chrome.runtime.openOptionsPage();
  });
});

/** Opens the panel; only allowed in direct answer to the person's click, so called before anything is awaited. */
function openPanel(tab: chrome.tabs.Tab | undefined): void {
  // Refused without the person's click: the answer still waits in storage for the panel.
  if (sidePanel && tab?.windowId !== undefined) sidePanel.open({ windowId: tab.windowId }).catch(() => undefined);
  else if (sidebarAction) sidebarAction.open().catch(() => undefined);
}

chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId !== EVALUATE_MENU || !info.selectionText?.trim()) return;
  openPanel(tab);
  let from: string | null = null;
  try {
    from = tab?.url ? new URL(tab.url).hostname : null;
  } catch {
    // A page without an address (a new tab): the answer is scored all the same.
  }
  // The panel watches for it, or reads it when it opens.
  void save("evaluation", { answer: info.selectionText.trim(), from, at: Date.now() });
});

const report = () => void reportActivity().catch(() => undefined);

chrome.tabs.onUpdated.addListener((_id, change, tab) => {
  if (change.url !== undefined || (change.status === "complete" && chatPlatformOf(tab.url))) report();
});
chrome.tabs.onRemoved.addListener(report);
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === REPORT_ALARM) report();
});
// Sessions are reported again while a chat site stays open; an alarm survives the service worker being stopped.
void chrome.alarms.get(REPORT_ALARM).then((alarm) => {
  if (!alarm) void chrome.alarms.create(REPORT_ALARM, { periodInMinutes: REPORT_EVERY_MS / 60_000 });
});
// Signing in (or out) changes what can be reported.
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && ("auth" in changes || "server" in changes)) report();
});
report();
