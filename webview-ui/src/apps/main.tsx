import { App } from "@modelcontextprotocol/ext-apps";
import { createRoot } from "react-dom/client";
import { APP_VIEWS, type AppView } from "#contracts/app-views.js";
import { CoachApp } from "./CoachApp";
import { applyHostTheme } from "./host-theme";

const root = document.getElementById("root")!;
const named = root.dataset.view ?? "";
const view = (Object.keys(APP_VIEWS) as AppView[]).find((v) => v === named);
const page = createRoot(root);

const app = new App({ name: "interview-coach-app", version: "1.0.0" }, {}, { autoResize: true });
let input: Record<string, unknown> = {};
// Handlers first: the host may send the tool's input and result as soon as the handshake ends.
app.ontoolinput = (params) => {
  input = params.arguments ?? {};
};
app.ontoolresult = (result) => {
  if (view) page.render(<CoachApp app={app} opened={{ view, input, result }} />);
};
app.onhostcontextchanged = applyHostTheme;

if (!view) page.render(<p className="status error">This page was served without a view to show (data-view="{named}").</p>);
else page.render(<p className="status muted">Waiting for the coach's result…</p>);
app
  .connect()
  .then(() => applyHostTheme(app.getHostContext()))
  .catch((error: Error) => page.render(<p className="status error">Could not reach the chat host: {error.message}</p>));
