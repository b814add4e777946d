import { checkServer, originPattern, serverOrigin } from "../server-address";
import { signOut } from "../sign-in";
import { load, save } from "../storage";
import { followColorScheme } from "../theme";

followColorScheme();
const form = document.getElementById("server-form") as HTMLFormElement;
const input = document.getElementById("server") as HTMLInputElement;
const status = document.getElementById("server-status")!;

function say(text: string, kind: "ok" | "error" | "progress"): void {
  status.textContent = text;
  status.className = kind;
  status.setAttribute("role", kind === "error" ? "alert" : "status");
  input.setAttribute("aria-invalid", String(kind === "error"));
}

void load("server").then((server) => {
  if (server) {
    input.value = server;
    say(`Coaching from ${server}.`, "ok");
  }
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  let origin: string;
  try {
    origin = serverOrigin(input.value);
  } catch (error) {
    say((error as Error).message, "error");
    return;
  }
  // Asked before any other await, while the click still counts as the person's gesture.
  const asked = chrome.permissions.request({ origins: [originPattern(origin)] });
  void (async () => {
    if (!(await asked)) return say(`Interview Coach needs your permission to reach ${origin}; nothing was saved.`, "error");
    say(`Checking ${origin}…`, "progress");
    const previous = await load("server");
    try {
      await checkServer(origin);
    } catch (error) {
      if (previous !== origin) await chrome.permissions.remove({ origins: [originPattern(origin)] });
      return say(`${(error as Error).message} Nothing was saved.`, "error");
    }
    // The old server's sign-in is revoked there before its access is given up.
    const note = previous && previous !== origin ? await signOut(previous) : null;
    if (previous && previous !== origin) await chrome.permissions.remove({ origins: [originPattern(previous)] });
    await save("server", origin);
    input.value = origin;
    say(`Saved. Open the Interview Coach panel and sign in to ${origin}.${note ? ` ${note}` : ""}`, "ok");
  })();
});
