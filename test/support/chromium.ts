/** Debian's Chromium, the one browser every UI test drives (Playwright's own browsers cannot be downloaded here). */
export const CHROMIUM = "/usr/bin/chromium";

/** Flags for a quiet, offline, container-friendly Chromium: no sandbox (root), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];
