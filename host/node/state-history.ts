// Every block's global state, readable at its state root hash: the engine's state is casper-node's
// Merkle trie, whose store keeps the nodes of every root committed, so a read at block b walks the trie
// from b's root (operations.ts `read`), and a proof is the path walked (`read_with_proof`). The latest
// state is read from the engine's own index, as execution reads it.
import { fromHex } from "../bytesrepr/hex.ts";
import type { Key } from "../bytesrepr/key.ts";
import { decodeStoredValue, type StoredValue } from "../bytesrepr/stored-value.ts";
import type { GlobalState } from "../state/global-state.ts";
import { trieKeyOf } from "../state/merkle-proofs.ts";
import type { TrieMerkleProof } from "../state/trie/merkle-proof.ts";
import { read, readWithProof } from "../state/trie/operations.ts";
import type { StateView } from "./state-query.ts";

export class StateHistory {
  /** state root hash -> the last block with that root (blocks that change nothing share their parent's) */
  private readonly blockOfRoot = new Map<string, number>();
  private latest = -1;
  private latestRoot = "";

  constructor(private readonly state: GlobalState) {}

  /** Records the block just committed on `state`, with its state root hash. */
  record(root: string): void {
    this.latest += 1;
    this.latestRoot = root.toLowerCase();
    this.blockOfRoot.set(this.latestRoot, this.latest);
  }

  has(root: string): boolean {
    return this.blockOfRoot.has(root.toLowerCase());
  }

  /** Reads at the state under `root`, or undefined for a root no block has. */
  view(root: string): StateView | undefined {
    const id = root.toLowerCase();
    if (!this.blockOfRoot.has(id)) return undefined;
    // the latest state is the engine's own, until the next execution commits
    if (id === this.latestRoot) return { read: (key) => this.state.read(key) };
    const digest = fromHex(id, "state root hash");
    return {
      read: (key) => {
        const found = read(this.state.trieNodes, digest, trieKeyOf(key));
        return found.status === "Found" ? decoded(found.value) : undefined;
      },
    };
  }

  /** The Merkle proof of each key's value under `root` (one per key, in order). */
  proofs(root: string, keys: readonly Key[]): TrieMerkleProof[] {
    const digest = fromHex(root.toLowerCase(), "state root hash");
    return keys.map((key) => {
      const found = readWithProof(this.state.trieNodes, digest, trieKeyOf(key));
      if (found.status !== "Found") throw new Error(`no proof of a key just read at state root hash ${root}: ${found.status}`);
      return found.value;
    });
  }
}

/** Leaf values decoded once: the trie's node cache hands out the same bytes for the same leaf. */
const decodedValues = new WeakMap<Uint8Array, StoredValue>();
function decoded(bytes: Uint8Array): StoredValue {
  let v = decodedValues.get(bytes);
  if (!v) {
    v = decodeStoredValue(bytes);
    decodedValues.set(bytes, v);
  }
  return v;
}
