// The tests run from the project's folder (vite.config.ts serves the page from dapp/; vitest reads this
// file instead of it).
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: ".",
  test: { include: ["tests/**/*.test.ts"] },
});
