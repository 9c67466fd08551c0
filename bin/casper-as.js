#!/usr/bin/env node
// The `casper-as` command. The package ships its TypeScript compiled to dist/; in a checkout of the
// repository (the sources are there) tsx runs the sources instead, so nothing needs compiling first.
import { existsSync } from "node:fs";

const sources = new URL("../scripts/casper-as.ts", import.meta.url);
if (existsSync(sources)) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(sources.href);
} else {
  await import(new URL("../dist/scripts/casper-as.js", import.meta.url).href);
}
