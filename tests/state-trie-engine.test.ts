// The engine's state root hash is casper-node's Merkle trie root of its global state, in both
// protocols: checked against a root built independently from the state's (key, value) bytes
// (tests/helpers/trie.ts `referenceRoot`, hashed with @noble/hashes) and against casper-node's
// sequential `write` in a shuffled order; every entry has a proof to that root; snapshots, restores
// and deletions keep it so; and the nodes go to the TrieStore the engine was given, one batch per root.
import { describe, expect, it } from "vitest";
import { toHex } from "../host/bytesrepr/hex.ts";
import { keyId, parseKey, type Key } from "../host/bytesrepr/key.ts";
import { encodeStoredValue } from "../host/bytesrepr/stored-value.ts";
import { Engine } from "../host/engine/engine.ts";
import { GlobalState } from "../host/state/global-state.ts";
import { checkStateProofs, encodeStateProofs, keyLength, trieKeyOf } from "../host/state/merkle-proofs.ts";
import { computeStateHash } from "../host/state/trie/merkle-proof.ts";
import { emptyTrie, readWithProof, write } from "../host/state/trie/operations.ts";
import { MemoryTrieStore, type TrieStore } from "../host/state/trie/store.ts";
import { TrieNodes } from "../host/state/trie/trie-nodes.ts";
import { artifact } from "./helpers/engine-artifacts.ts";
import { checkIntegrity, type Leaf, referenceRoot, testContext } from "./helpers/trie.ts";

const PROTOCOLS = ["1.5.8", "2.0.0"] as const;

function stateLeaves(state: GlobalState): Leaf[] {
  return [...state.all().values()].map((e) => ({ key: trieKeyOf(e.key), value: encodeStoredValue(e.value) }));
}

function busyEngine(protocol: (typeof PROTOCOLS)[number]): Engine {
  const engine = new Engine({ protocol });
  engine.transfer("alice", "bob", 10n ** 12n).expectSuccess();
  engine.runSession("alice", artifact("keys_manager")).expectSuccess();
  engine.transfer("bob", "carol", 3n * 10n ** 9n).expectSuccess();
  return engine;
}

describe.each(PROTOCOLS)("the engine's state root hash (protocol %s)", (protocol) => {
  it("is the Merkle trie root of its (key, value) set, as built independently and by sequential writes", () => {
    const engine = busyEngine(protocol);
    const root = engine.stateRootHash();
    const leaves = stateLeaves(engine.state);
    expect(leaves.length).toBeGreaterThan(50);
    expect(root).toBe(toHex(referenceRoot(leaves)));
    // casper-node's `write`, one key at a time, in a shuffled order
    const empty = emptyTrie();
    const nodes = testContext([{ hash: empty.root, bytes: empty.bytes }], keyLength);
    let seqRoot = empty.root;
    const shuffled = [...leaves].sort((a, b) => toHex(a.value).localeCompare(toHex(b.value)));
    for (const l of shuffled) {
      const r = write(nodes, seqRoot, l.key, l.value);
      if (r.status === "Written") seqRoot = r.root;
    }
    expect(toHex(seqRoot)).toBe(root);
  });

  it("every entry has a Merkle proof that hashes to the root, and the stored nodes are sound", () => {
    const engine = busyEngine(protocol);
    const root = Buffer.from(engine.stateRootHash(), "hex");
    const proofs = [...engine.state.all().values()].map((e) => {
      const r = readWithProof(engine.state.trieNodes, root, trieKeyOf(e.key));
      if (r.status !== "Found") throw new Error(`no proof for ${keyId(e.key)}`);
      expect(toHex(r.value.value)).toBe(toHex(encodeStoredValue(e.value)));
      return r.value;
    });
    for (const p of proofs) expect(toHex(computeStateHash(p))).toBe(toHex(root));
    // decoded as a client does: all but the auction's values, which this engine keeps as raw bytes
    const raw = new Set(["EraInfo", "Bid", "Withdraw", "Unbonding"]);
    const typed = proofs.filter((_, i) => !raw.has([...engine.state.all().values()][i].value.kind));
    expect(typed.length).toBeGreaterThan(40);
    expect(checkStateProofs(root, encodeStateProofs(typed)).length).toBe(typed.length);
    checkIntegrity(engine.state.trieNodes, [root]);
  });

  it("a URef key is held normalized: its access rights are not part of the trie key", () => {
    const engine = busyEngine(protocol);
    const purse = engine.account("alice").mainPurse;
    const readWrite = parseKey(purse);
    const none = parseKey(purse.replace(/-\d{3}$/, "-000"));
    expect(toHex(trieKeyOf(readWrite))).toBe(toHex(trieKeyOf(none)));
    expect(trieKeyOf(readWrite).at(-1)).toBe(0);
  });

  it("snapshots and restores give back each root; a deletion removes the key from the root", () => {
    const engine = busyEngine(protocol);
    const s1 = engine.snapshot();
    const r1 = engine.stateRootHash();
    engine.transfer("alice", "dave", 10n ** 10n).expectSuccess();
    const r2 = engine.stateRootHash();
    expect(r2).not.toBe(r1);
    const s2 = engine.snapshot();
    engine.restore(s1);
    expect(engine.stateRootHash()).toBe(r1);
    engine.transfer("carol", "dave", 10n ** 10n).expectSuccess();
    engine.restore(s2);
    expect(engine.stateRootHash()).toBe(r2);
    expect(engine.stateRootHash()).toBe(toHex(referenceRoot(stateLeaves(engine.state))));
    // 2.0 deletes keys: the one written last goes, the root is that of the set without it
    const gone: Key = [...engine.state.all().values()].at(-1)!.key;
    engine.state.prune(gone);
    expect(engine.state.read(gone)).toBeUndefined();
    expect(engine.stateRootHash()).toBe(toHex(referenceRoot(stateLeaves(engine.state))));
    engine.restore(s2);
    expect(engine.stateRootHash()).toBe(r2);
  });
});

describe("global state over a TrieStore", () => {
  it("puts each root's new nodes in one batch, only when a root is asked for", () => {
    const inner = new MemoryTrieStore();
    const batches: number[] = [];
    const store: TrieStore = { get: (d) => inner.get(d), put: (nodes) => (batches.push(nodes.length), inner.put(nodes)) };
    const state = new GlobalState({ store });
    const before = batches.length; // the empty trie
    const engine = new Engine();
    for (const e of engine.state.all().values()) state.put(e.key, e.value);
    expect(batches.length).toBe(before);
    const root = state.rootHash;
    expect(batches.length).toBe(before + 1);
    expect(toHex(root)).toBe(engine.stateRootHash());
    expect(toHex(state.rootHash)).toBe(toHex(root)); // nothing new: nothing stored
    expect(batches.length).toBe(before + 1);
    // every node of the root is in the store the state was given: read back through a fresh reader
    const fromStore = new TrieNodes(inner, keyLength);
    for (const e of engine.state.all().values()) expect(readWithProof(fromStore, root, trieKeyOf(e.key)).status).toBe("Found");
  });

  it("the root follows every commit, however many come between two roots", () => {
    const engine = new Engine();
    const state = engine.state;
    const first = state.rootHash;
    const entries = [...state.all().values()];
    // 600 commits with no root asked for, the same keys again and again: the trie takes in each key's last value
    for (let i = 0; i < 600; i++) {
      const e = entries[i % entries.length];
      state.put(e.key, entries[(i * 7) % entries.length].value);
    }
    expect(toHex(state.rootHash)).not.toBe(toHex(first));
    expect(toHex(state.rootHash)).toBe(toHex(referenceRoot(stateLeaves(state))));
    for (let i = 0; i < 300; i++) state.put(entries[i % entries.length].key, entries[i % entries.length].value);
    expect(toHex(state.rootHash)).toBe(toHex(referenceRoot(stateLeaves(state))));
  });

  it("a prefix scan lists the keys of one tag in key order, deleted keys gone", () => {
    const engine = busyEngine("2.0.0");
    const state = engine.state;
    const balances = [...state.all().values()].filter((e) => e.key.tag === 6).map((e) => toHex(trieKeyOf(e.key))).sort();
    expect(balances.length).toBeGreaterThan(5);
    expect(state.keysWithPrefix(Uint8Array.of(6)).map((k) => toHex(trieKeyOf(k)))).toEqual(balances);
    const gone = state.keysWithPrefix(Uint8Array.of(6))[2];
    state.prune(gone);
    expect(state.keysWithPrefix(Uint8Array.of(6)).map((k) => toHex(trieKeyOf(k)))).toEqual(balances.filter((b) => b !== toHex(trieKeyOf(gone))));
    const one = balances[3];
    expect(state.keysWithPrefix(Buffer.from(one.slice(0, 10), "hex")).map((k) => toHex(trieKeyOf(k)))).toContain(one);
    expect(state.keysWithPrefix(Uint8Array.of(200))).toEqual([]);
    expect(state.keysWithPrefix(new Uint8Array()).length).toBe(state.size);
  });

  it("the empty state's root is casper-node's empty trie root", () => {
    expect(toHex(new GlobalState().rootHash)).toBe(toHex(emptyTrie().root));
  });
});
