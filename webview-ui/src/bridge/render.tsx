import type { ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { TransportContext, type CoachTransport } from "./transport";

/** Mounts a view on the page's #root with the transport it talks through. */
export function renderView(view: ReactNode, transport: CoachTransport): void {
  createRoot(document.getElementById("root")!).render(<TransportContext.Provider value={transport}>{view}</TransportContext.Provider>);
}
