// `npm run preview` / `npm start`: serve the built app with `vite preview` on a port a person can choose.
// `npm start -- --port 4398` and `PORT=4398 npm start` both work; a taken port is said plainly, not as a stack.
import { spawn } from "node:child_process";
import { createServer } from "node:net";

const DEFAULT_PORT = 4173;

function fail(message) {
  process.stderr.write(`nfx preview: ${message}\n`);
  process.exit(2);
}

/** The port from `--port N`, `--port=N`, or $PORT, else 4173; anything else is refused with the reason. */
function chosenPort(argv, env) {
  let text = env.PORT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--port") text = argv[++i];
    else if (arg.startsWith("--port=")) text = arg.slice("--port=".length);
    else fail(`unknown argument '${arg}' (use --port N or PORT=N)`);
  }
  if (text === undefined || text === "") return DEFAULT_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) fail(`'${text}' is not a port number (1-65535)`);
  return port;
}

/** Resolves when the port can be bound on localhost; rejects with the system's code otherwise. */
function probe(port) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ port, host: "localhost" }, () => server.close(() => resolve()));
  });
}

const port = chosenPort(process.argv.slice(2), process.env);
try {
  await probe(port);
} catch (error) {
  const why =
    error.code === "EADDRINUSE"
      ? `port ${port} is already in use (another preview running?). Choose another: npm start -- --port ${port + 1}`
      : `cannot listen on port ${port}: ${error.code ?? error.message}`;
  fail(why);
}

const child = spawn("npx", ["vite", "preview", "--port", String(port), "--strictPort"], {
  cwd: new URL("../app/", import.meta.url),
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
