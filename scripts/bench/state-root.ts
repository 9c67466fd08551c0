// Issue 17's figures for the Merkle trie: what a block's state root hash costs and what it stores.
// On the default engine's genesis state, each block commits what a native transfer does (three purse
// balances updated, a new deploy-info and a new transfer record), then asks for the root: the trie
// takes the changes in, rehashes the changed path (the nodes of the transfer and deploy-info tags
// grow to 256 children, 8.7 KB each) and stores the new nodes. Also: the genesis root from scratch.
import { randomBytes } from "node:crypto";
import { clv } from "../../host/bytesrepr/cl-value.ts";
import { deployInfoKey, keyId, transferKey, type Key } from "../../host/bytesrepr/key.ts";
import { Engine } from "../../host/engine/engine.ts";
import type { StateEntry } from "../../host/state/global-state.ts";
import { fastHashReady } from "../../host/state/trie/digest.ts";
import { MemoryTrieStore } from "../../host/state/trie/store.ts";
import { type BenchSection, medianMs } from "./harness.ts";

const BLOCKS = 3000;

export const stateRoot: BenchSection = {
  name: "state-root",
  async run() {
    await fastHashReady;
    const fresh = Array.from({ length: 7 }, () => new Engine());
    let next = 0;
    const genesisMs = medianMs(() => fresh[next++].stateRootHash(), 7);
    const engine = new Engine();
    const state = engine.state;
    state.rootHash;
    const store = state.trieNodes.store as MemoryTrieStore;
    const before = store.stats().bytes;
    const purses: Key[] = [...state.all().values()].filter((e) => e.key.tag === 6).map((e) => e.key);
    const entry = (key: Key, n: bigint): [string, StateEntry] => [keyId(key), { key, value: { kind: "CLValue", value: clv.u512(n) } }];
    let commitUs = 0;
    let rootUs = 0;
    for (let b = 0; b < BLOCKS; b++) {
      const writes = new Map<string, StateEntry>([
        ...[0, 1, 2].map((i) => entry(purses[(b + i) % purses.length], BigInt(b * 3 + i))),
        entry(deployInfoKey(randomBytes(32)), BigInt(b)),
        entry(transferKey(randomBytes(32)), BigInt(b)),
      ]);
      let t = performance.now();
      state.commit(writes);
      commitUs += (performance.now() - t) * 1000;
      t = performance.now();
      state.rootHash;
      rootUs += (performance.now() - t) * 1000;
    }
    const storedPerBlock = (store.stats().bytes - before) / BLOCKS;
    return {
      title: `state root hash per block: casper-node's Merkle trie (issue 17), ${BLOCKS} transfer-like blocks`,
      lines: [
        { label: "first root of a new Engine (every genesis key)", value: `${genesisMs.toFixed(2)} ms (median of 7)`, data: { genesisMs } },
        { label: "commit (5 keys)", value: `${(commitUs / BLOCKS).toFixed(1)} us/block`, data: { commitUs: commitUs / BLOCKS } },
        { label: "state root (fold, rehash, store)", value: `${(rootUs / BLOCKS).toFixed(1)} us/block`, data: { rootUs: rootUs / BLOCKS } },
        { label: "trie nodes stored", value: `${(storedPerBlock / 1024).toFixed(1)} KiB/block`, data: { storedBytesPerBlock: storedPerBlock } },
      ],
    };
  },
};
