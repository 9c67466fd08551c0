// `npm run dapp`: Vite serves the page (dapp/) on its own origin, http://localhost:5173, and its settings
// as /dapp-config.json, built from casper-as.config.json (the node, the chain) and the keys the local node
// wrote (keys/local). The page calls the node cross-origin, as any dApp does.
import { readFileSync } from "node:fs";
import { defineConfig, type Plugin } from "vite";
import { dappConfig } from "./dapp/config.ts";

function settingsMiddleware(): Plugin {
  return {
    name: "dapp-config",
    configureServer(server) {
      server.middlewares.use("/dapp-config.json", (_req, res) => {
        try {
          const project = JSON.parse(readFileSync("casper-as.config.json", "utf8")) as { node: string; chain: string };
          const config = dappConfig({ nodeUrl: process.env.CASPER_AS_NODE ?? project.node, chainName: process.env.CASPER_AS_CHAIN ?? project.chain, keysDir: "keys/local" });
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify(config));
        } catch (e) {
          res.statusCode = 500;
          res.end(JSON.stringify({ message: (e as Error).message }));
        }
      });
    },
  };
}

export default defineConfig({
  root: "dapp",
  server: { host: "localhost", port: 5173 },
  plugins: [settingsMiddleware()],
});
