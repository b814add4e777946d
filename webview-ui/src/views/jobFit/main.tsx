import { vscodeTransport } from "../../bridge/host";
import { renderView } from "../../bridge/render";
import { App } from "./App";

renderView(<App />, vscodeTransport);
