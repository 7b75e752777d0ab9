// The app's Vite config lives in app/vite.config.ts; this lets `npx vite build` work from the repo root too.
export { default } from "./app/vite.config";
