// Serves the example dApp with Vite's dev server on its own origin (http://localhost:<port>), apart
// from the node's (http://127.0.0.1:7777): the page calls the node cross-origin, as any dApp does. The
// page's settings are served as /dapp-config.json; `?config=<name>` picks another named set.
import { fileURLToPath } from "node:url";
import { createServer, type Plugin, type ViteDevServer } from "vite";
import type { DappConfig } from "./setup.ts";

const ROOT = fileURLToPath(new URL(".", import.meta.url));
const CACHE = fileURLToPath(new URL("../../build/vite-cache", import.meta.url));

export interface DappServer {
  /** e.g. http://localhost:5173/ */
  url: string;
  vite: ViteDevServer;
  close(): Promise<void>;
}

/** Starts Vite on `port` (0: a free one); `configs.default` is what the page gets without ?config=. */
export async function startDappServer(configs: Record<string, DappConfig>, port = 5173): Promise<DappServer> {
  const vite = await createServer({
    root: ROOT,
    configFile: false,
    cacheDir: CACHE,
    logLevel: "warn",
    clearScreen: false,
    server: { host: "localhost", port, strictPort: port !== 0 },
    plugins: [dappConfig(configs)],
  });
  await vite.listen();
  const address = vite.httpServer!.address();
  const actual = typeof address === "object" && address ? address.port : port;
  return { url: `http://localhost:${actual}/`, vite, close: () => vite.close() };
}

/** Answers GET /dapp-config.json[?config=<name>] with the named settings. */
function dappConfig(configs: Record<string, DappConfig>): Plugin {
  return {
    name: "dapp-config",
    configureServer(server) {
      server.middlewares.use("/dapp-config.json", (req, res) => {
        const name = new URL(req.url ?? "/", "http://page").searchParams.get("config") ?? "default";
        const config = configs[name];
        res.statusCode = config ? 200 : 404;
        res.setHeader("content-type", "application/json");
        res.setHeader("cache-control", "no-store");
        res.end(JSON.stringify(config ?? { message: `no dApp settings named '${name}'` }));
      });
    },
  };
}
