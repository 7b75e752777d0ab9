import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The app is a static site: `vite build` writes app/dist, `vite preview` serves it (scripts/serve.mjs picks the port).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  worker: { format: "es" },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", reportCompressedSize: true },
  server: { port: 5173 },
});
