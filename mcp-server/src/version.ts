import packageJson from "../../package.json";

export const SERVER_NAME = "digital-twin-interview-coach";
export const SERVER_VERSION: string = packageJson.version;
