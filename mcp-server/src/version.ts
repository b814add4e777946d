import packageJson from "../../package.json";

export const SERVER_NAME = "digital-twin-interview-coach";
export const SERVER_VERSION: string = packageJson.version;
/** The VS Code extension's id, which names its storage folder: publisher.name, lower case as VS Code writes it. */
export const VSCODE_EXTENSION_ID = `${packageJson.publisher}.${packageJson.name}`.toLowerCase();
