import { createRoot } from "react-dom/client";
import { followColorScheme } from "../theme";
import { Panel } from "./Panel";

followColorScheme();
createRoot(document.getElementById("root")!).render(<Panel version={chrome.runtime.getManifest().version} />);
