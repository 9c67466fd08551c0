// What a commit tells its store, for a store that frees old roots (host/state/lmdb): the nodes the
// new root no longer uses. Checked against a full walk of both roots: every node reachable from the
// previous root and not from the new one is retired, and nothing else but nodes the same commit wrote
// again (a value written back gives the same leaf). And a trie that keeps only its upper levels in
// memory (`liveDepth`, the local node's bounded state) builds the same roots and reads the same values.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toHex } from "../host/bytesrepr/hex.ts";
import { keyLength } from "../host/state/merkle-proofs.ts";
import { LiveTrie } from "../host/state/trie/live-trie.ts";
import { emptyTrie } from "../host/state/trie/operations.ts";
import { MemoryTrieStore } from "../host/state/trie/store.ts";
import { TrieNodes } from "../host/state/trie/trie-nodes.ts";
import { indexedPointers, TrieTag } from "../host/state/trie/trie-node.ts";

class RecordingStore extends MemoryTrieStore {
  retired: string[] = [];
  written: string[] = [];
  // a node read back is a Buffer of its own, as LMDB gives it (a Buffer's slice() shares its bytes)
  override get(digest: Uint8Array): Uint8Array | undefined {
    const bytes = super.get(digest);
    return bytes && Buffer.from(bytes);
  }
  override put(nodes: readonly (readonly [Uint8Array, Uint8Array])[], retired: readonly Uint8Array[] = []): void {
    super.put(nodes);
    this.written.push(...nodes.map(([d]) => toHex(d)));
    this.retired.push(...retired.map(toHex));
  }
  take(): { retired: string[]; written: string[] } {
    const out = { retired: this.retired, written: this.written };
    this.retired = [];
    this.written = [];
    return out;
  }
}

function reachable(nodes: TrieNodes, root: Uint8Array): Set<string> {
  const seen = new Set<string>();
  const todo = [root];
  let d: Uint8Array | undefined;
  while ((d = todo.pop())) {
    const id = toHex(d);
    if (seen.has(id)) continue;
    seen.add(id);
    const node = nodes.get(d)!;
    if (node.tag === TrieTag.Node) for (const [, p] of indexedPointers(node)) todo.push(p.hash);
    else if (node.tag === TrieTag.Extension) todo.push(node.pointer.hash);
  }
  return seen;
}

type Op = { kind: "write"; key: Uint8Array; value: Uint8Array } | { kind: "delete"; key: Uint8Array; pick: number };

// keys sharing long prefixes, so writes split extensions and deletes collapse nodes; few values, so
// values are often written back as they were
const key = fc.tuple(fc.constantFrom(0, 9), fc.array(fc.constantFrom(0, 1), { minLength: 8, maxLength: 8 }))
  .map(([tag, b]) => Uint8Array.from([tag, ...b, ...new Array(24).fill(0)]));
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("write" as const), key, value: fc.uint8Array({ minLength: 1, maxLength: 2 }).map((v) => v.map((b) => b % 3)) }),
  fc.record({ kind: fc.constant("delete" as const), key, pick: fc.integer({ min: 0, max: 99 }) }),
);

function fresh(): { store: RecordingStore; nodes: TrieNodes; root: Uint8Array } {
  const store = new RecordingStore();
  const nodes = new TrieNodes(store, keyLength);
  const empty = emptyTrie();
  nodes.put([[empty.root, empty.bytes]]);
  store.take();
  return { store, nodes, root: empty.root };
}

describe("a commit's retired nodes", () => {
  it("property: retired = reachable(previous root) - reachable(new root), apart from nodes the commit wrote again; nothing written outside the new root", () => {
    fc.assert(fc.property(fc.array(op, { minLength: 10, maxLength: 120, size: "max" }), fc.integer({ min: 1, max: 12 }), fc.constantFrom(Infinity, 1, 2), (ops, commitEvery, liveDepth) => {
      const { store, nodes, root } = fresh();
      const trie = LiveTrie.at(nodes, root, { liveDepth });
      const written: Uint8Array[] = [];
      let previous = root;
      const check = () => {
        const next = trie.commit();
        const { retired, written: batch } = store.take();
        const before = reachable(nodes, previous);
        const after = reachable(nodes, next);
        const gone = [...before].filter((d) => !after.has(d)).sort();
        for (const d of retired) expect(before.has(d), "a retired node was in the previous root").toBe(true);
        expect([...new Set(retired)].filter((d) => !after.has(d)).sort()).toEqual(gone);
        // a retired node still in the new root was written again by this commit
        for (const d of retired) if (after.has(d)) expect(batch).toContain(d);
        // and a commit writes only nodes of its root
        for (const d of batch) expect(after.has(d), "a node written is in the new root").toBe(true);
        previous = next;
      };
      ops.forEach((o, i) => {
        if (o.kind === "write") {
          trie.write(o.key, o.value);
          written.push(o.key);
        } else {
          const k = written.length && o.pick < 80 ? written[o.pick % written.length] : o.key;
          trie.delete(k);
        }
        if ((i + 1) % commitEvery === 0) check();
      });
      check();
    }), { numRuns: 150 });
  });
});

describe("a trie with only its upper levels in memory", () => {
  it("property: the same roots, reads and prefix scans as a trie kept whole", () => {
    fc.assert(fc.property(fc.array(op, { minLength: 10, maxLength: 120, size: "max" }), fc.integer({ min: 1, max: 12 }), fc.constantFrom(1, 2), (ops, commitEvery, liveDepth) => {
      const whole = fresh();
      const bounded = fresh();
      const a = LiveTrie.at(whole.nodes, whole.root);
      const b = LiveTrie.at(bounded.nodes, bounded.root, { liveDepth });
      const keys = new Map<string, Uint8Array>();
      ops.forEach((o, i) => {
        if (o.kind === "write") {
          a.write(o.key, o.value);
          b.write(o.key, o.value);
          keys.set(toHex(o.key), o.key);
        } else {
          expect(b.delete(o.key)).toBe(a.delete(o.key));
        }
        if ((i + 1) % commitEvery === 0) expect(toHex(b.commit())).toBe(toHex(a.commit()));
        for (const k of keys.values()) expect(b.get(k) && toHex(b.get(k)!)).toBe(a.get(k) && toHex(a.get(k)!));
      });
      expect(toHex(b.commit())).toBe(toHex(a.commit()));
      for (const prefix of [new Uint8Array(), Uint8Array.of(0), Uint8Array.of(9, 1), Uint8Array.of(0, 0, 1, 0)]) {
        const expected = a.leavesWithPrefix(prefix).map(([k, v]) => `${toHex(k)}=${toHex(v)}`);
        expect(b.leavesWithPrefix(prefix).map(([k, v]) => `${toHex(k)}=${toHex(v)}`)).toEqual(expected);
      }
    }), { numRuns: 100 });
  });
});
