// Global state at past blocks, readable at their state root hashes: the engine's state is casper-node's
// Merkle trie, whose store keeps the nodes of the roots the node keeps (its history window), so a read
// at block b walks the trie from b's root (operations.ts `read`), and a proof is the path walked
// (`read_with_proof`). The latest state is read from the engine's own state, as execution reads it.
// Which roots are readable is the node's to say (a block has that root, within the kept window):
// a root outside it is unknown, as a node answers for a root it does not have.
import { fromHex } from "../bytesrepr/hex.ts";
import type { Key } from "../bytesrepr/key.ts";
import { decodeStoredValue, type StoredValue } from "../bytesrepr/stored-value.ts";
import type { GlobalState } from "../state/global-state.ts";
import { trieKeyOf } from "../state/merkle-proofs.ts";
import type { TrieMerkleProof } from "../state/trie/merkle-proof.ts";
import { read, readWithProof } from "../state/trie/operations.ts";
import type { StateView } from "./state-query.ts";

/** Which past state roots can be read. */
export interface RootIndex {
  /** whether the state under `root` (lowercase hex) is readable: a block has it, within the kept history */
  readable(root: string): boolean;
}

/** Every root the backend made, remembered in memory (a backend without a node's chain: tests). */
export class RecordedRoots implements RootIndex {
  private readonly roots = new Set<string>();
  add(root: string): void {
    this.roots.add(root);
  }
  readable(root: string): boolean {
    return this.roots.has(root);
  }
}

export class StateHistory {
  private latestRoot = "";

  constructor(
    private readonly state: GlobalState,
    private readonly roots: RootIndex,
  ) {}

  /** Records the state just committed on `state`, with its state root hash. */
  record(root: string): void {
    this.latestRoot = root.toLowerCase();
    if (this.roots instanceof RecordedRoots) this.roots.add(this.latestRoot);
  }

  has(root: string): boolean {
    const id = root.toLowerCase();
    return id === this.latestRoot || this.roots.readable(id);
  }

  /** Reads at the state under `root`, or undefined for a root no block has. */
  view(root: string): StateView | undefined {
    const id = root.toLowerCase();
    if (!this.has(id)) return undefined;
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
