import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/** index.html's Content-Security-Policy forbids inline scripts; the dev server's hot reload injects one. */
const noCspInDev: Plugin = {
  name: "nfx-no-csp-in-dev",
  apply: "serve",
  transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/, ""),
};

// The app is a static site: `vite build` writes app/dist, `vite preview` serves it (scripts/serve.mjs picks the port).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), noCspInDev],
  worker: { format: "es" },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", reportCompressedSize: true },
  server: { port: 5173 },
});
