// What the app benchmarks share: the built site served by `vite preview`, and Debian's Chromium launched as
// the browser journeys launch it.
import { spawn } from "node:child_process";
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "../e2e/chromium.mjs";

export const url = `http://localhost:${process.env.PORT ?? 4173}`;

async function up() {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/** Serves app/dist unless something already answers on its port; returns a function that stops what it started. */
export async function servePreview() {
  if (await up()) return () => {};
  const server = spawn("npm", ["run", "preview"], { stdio: "ignore", detached: true });
  for (let i = 0; i < 100 && !(await up()); i++) await new Promise((r) => setTimeout(r, 100));
  return () => {
    try {
      process.kill(-server.pid);
    } catch {
      // already gone
    }
  };
}

export function launchChromium() {
  return chromium.launch(chromiumLaunchOptions);
}
