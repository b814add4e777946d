// The extension's background: opens the coach beside the page, and asks for the server's address on first install.
import { load } from "./storage";

const sidePanel = (chrome as { sidePanel?: typeof chrome.sidePanel }).sidePanel;
/** Firefox's sidebar, which Chrome does not have; the manifest's sidebar_action declares it. */
const sidebarAction = (globalThis as { browser?: { sidebarAction?: { toggle(): Promise<void> } } }).browser?.sidebarAction;

if (sidePanel) void sidePanel.setPanelBehavior({ openPanelOnActionClick: true });
else if (sidebarAction) chrome.action.onClicked.addListener(() => void sidebarAction.toggle());

chrome.runtime.onInstalled.addListener(({ reason }) => {
  if (reason !== "install") return;
  void load("server").then((server) => {
    if (!server) void chrome.runtime.openOptionsPage();
  });
});
