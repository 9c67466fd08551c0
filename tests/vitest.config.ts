import { defineConfig } from "vitest/config";

// CI reads build/vitest.json (see .ci/run), not vitest's own console summary.
export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["tests/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: "build/vitest.json" },
    testTimeout: 30_000,
  },
});
