import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The app is a static site: `vite build` writes app/dist, `vite preview` serves it on 4173.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  worker: { format: "es" },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", reportCompressedSize: true },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
});
