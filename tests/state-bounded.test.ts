// The local node's global state keeps no map of every entry (global-state.ts, `bounded`): reads go
// through the trie behind a capped cache, commits write straight into it, and only the trie's upper
// levels stay in memory. Checked against the engine's indexed state on the same deploys, in both
// protocols: the same state root after each one, the same value under every key, the same prefix
// scans (the auction finds bids, delegators and unbonds by prefix), and the same result when the
// state moves to a stored root (a restarted node).
import { describe, expect, it } from "vitest";
import { toHex } from "../host/bytesrepr/hex.ts";
import { encodeStoredValue } from "../host/bytesrepr/stored-value.ts";
import { Engine } from "../host/engine/engine.ts";
import { GlobalState } from "../host/state/global-state.ts";
import { MemoryTrieStore } from "../host/state/trie/store.ts";
import { artifact } from "./helpers/engine-artifacts.ts";

const PROTOCOLS = ["1.5.8", "2.0.0"] as const;
const CSPR = 1_000_000_000n;

/** The same deploys, step by step: transfers, an install, delegations and an undelegation, era ends. */
const STEPS: ((engine: Engine) => void)[] = [
  (e) => e.transfer("alice", "bob", 10n ** 12n).expectSuccess(),
  (e) => e.runSession("alice", artifact("keys_manager")).expectSuccess(),
  (e) => e.delegate("bob", "validator-1", 600n * CSPR).expectSuccess(),
  (e) => {
    e.delegate("carol", "validator-1", 700n * CSPR).expectSuccess();
    e.undelegate("bob", "validator-1", 100n * CSPR).expectSuccess();
  },
  (e) => e.advanceEras(3),
  (e) => e.transfer("bob", "carol", 3n * CSPR).expectSuccess(),
];

describe.each(PROTOCOLS)("a bounded global state (protocol %s)", (protocol) => {
  it("has the indexed state's roots, values and prefix scans after every deploy and era end", () => {
    const indexed = new Engine({ protocol });
    // a tiny cache and one level in memory: nearly every read goes to the stored trie
    const bounded = new Engine({ protocol, globalState: new GlobalState({ bounded: { cachedValues: 8, liveDepth: 1 } }) });
    expect(bounded.state.bounded).toBe(true);
    expect(bounded.stateRootHash()).toBe(indexed.stateRootHash());
    let steps = 0;
    const check = () => {
      steps++;
      expect(bounded.stateRootHash()).toBe(indexed.stateRootHash());
      for (const [id, e] of indexed.state.all()) {
        const v = bounded.state.readById(id);
        expect(v && toHex(encodeStoredValue(v)), id).toBe(toHex(encodeStoredValue(e.value)));
      }
      for (const tag of ["06", "0f", "02", "0", "01"]) {
        const ids = (s: GlobalState) => s.entriesWithIdPrefix(tag).map((e) => `${toHex(encodeStoredValue(e.value))}`);
        expect(ids(bounded.state)).toEqual(ids(indexed.state));
      }
    };
    for (const step of STEPS) {
      step(indexed);
      step(bounded);
      check();
    }
    // the auction's own views, read through the bounded state's prefix scans
    expect(bounded.bids().map((b) => b.validator)).toEqual(indexed.bids().map((b) => b.validator));
    expect(bounded.unbonds().length).toBe(indexed.unbonds().length);
    expect(bounded.unbonds().length).toBeGreaterThan(0);
    expect(steps).toBe(STEPS.length);
  });

  it("moves to a stored root and goes on from there as the indexed state does", () => {
    const store = new MemoryTrieStore();
    const first = new Engine({ protocol, globalState: new GlobalState({ store, bounded: true }) });
    first.transfer("alice", "bob", 10n ** 12n).expectSuccess();
    const root = first.state.rootHash;
    // another engine: genesis rebuilt in memory, then moved to the stored root
    const second = new Engine({ protocol, globalState: new GlobalState({ bounded: true }) });
    second.state.moveTo(store, root);
    // the test API numbers its deploys (their hashes): the second engine goes on with the first's count
    second.restore({ ...first.snapshot(), state: second.state.snapshot() });
    expect(second.stateRootHash()).toBe(toHex(root));
    expect(second.balance("bob")).toBe(first.balance("bob"));
    second.transfer("bob", "carol", 5n * CSPR).expectSuccess();
    first.transfer("bob", "carol", 5n * CSPR).expectSuccess();
    expect(second.stateRootHash()).toBe(first.stateRootHash());
  });

  it("refuses what needs an index of every entry, naming the way to scan instead", () => {
    const state = new GlobalState({ bounded: true });
    expect(() => state.all()).toThrow("GlobalState.all(): a bounded global state keeps no index of every entry; scan its trie by prefix (entriesWithIdPrefix)");
    expect(() => state.size).toThrow("GlobalState.size: a bounded global state");
    expect(() => new GlobalState().moveTo(new MemoryTrieStore(), new Uint8Array(32))).toThrow("only a bounded global state can move to a stored root");
  });
});
