// Repository paths, independent of the directory the scripts run from.
import { fileURLToPath } from "node:url";
import path from "node:path";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const ASCONFIG = path.join(ROOT, "asconfig.json");
export const BUILD_DIR = path.join(ROOT, "build");
