import { defineConfig } from "vitest/config";

// CI reads build/vitest.json (see .ci/run), not vitest's own console summary.
//
// Two projects: "metered" runs every test file with gas metering on (the engine's default, as on
// chain); "unmetered" runs the engine and auction test files again with CASPER_AS_METERED=0, so every
// engine behaviour is checked both ways (metering must not change what code computes).
const UNMETERED = ["tests/engine-*.test.ts", "tests/auction*.test.ts"];

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    reporters: ["default", "json"],
    outputFile: { json: "build/vitest.json" },
    testTimeout: 30_000,
    // beforeAll hooks compile AssemblyScript probes: on a loaded 2-core machine that passes 10 s
    hookTimeout: 60_000,
    // the run's temporary files under one directory, removed at the end (tests/helpers/run-temp-dir.ts)
    globalSetup: ["tests/helpers/run-temp-dir.ts"],
    projects: [
      { extends: true, test: { name: "metered", include: ["tests/**/*.test.ts"], env: { CASPER_AS_METERED: "1", CASPER_AS_FORK_CACHE: "off" } } },
      { extends: true, test: { name: "unmetered", include: UNMETERED, env: { CASPER_AS_METERED: "0", CASPER_AS_FORK_CACHE: "off" } } },
    ],
  },
});
