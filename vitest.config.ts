import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "packages/*/test/**/*.test.ts",
      "conformance/**/*.test.ts",
      "app/src/**/*.test.ts",
      "app/src/**/*.test.tsx",
      "architecture/**/*.test.ts",
    ],
    environment: "node",
  },
});
