// Every block's global state, for reads at any state root, without a full copy per block: each block
// keeps only the writes it committed, and every CHECKPOINT_EVERY blocks the whole state is kept as an
// engine snapshot (O(1) to take; the engine copies its map once at the next commit). A read at block b
// looks at the writes of blocks b, b-1, … down to the last checkpoint, then at the checkpoint: at most
// CHECKPOINT_EVERY map lookups. Memory grows with the writes made, not with blocks × state size.
import { keyId } from "../bytesrepr/key.ts";
import type { GlobalState, StateSnapshot, StateWrite } from "../state/global-state.ts";
import type { StateView } from "./state-query.ts";

export const CHECKPOINT_EVERY = 64;

export class StateHistory {
  /** per block: the writes it committed (merged, later batches win) */
  private readonly writes: ReadonlyMap<string, StateWrite>[] = [];
  private readonly checkpoints = new Map<number, StateSnapshot>();
  /** state root hash -> the last block with that root (blocks that wrote nothing share their parent's) */
  private readonly blockOfRoot = new Map<string, number>();
  private latest = -1;

  constructor(private readonly state: GlobalState) {}

  /** Records the block just committed on `state`: its root and the batches it committed. */
  record(root: string, batches: readonly ReadonlyMap<string, StateWrite>[]): void {
    const merged = new Map<string, StateWrite>();
    for (const batch of batches) for (const [id, entry] of batch) merged.set(id, entry);
    this.latest += 1;
    this.writes.push(merged);
    if (this.latest % CHECKPOINT_EVERY === 0) this.checkpoints.set(this.latest, this.state.snapshot());
    this.blockOfRoot.set(root.toLowerCase(), this.latest);
  }

  has(root: string): boolean {
    return this.blockOfRoot.has(root.toLowerCase());
  }

  /** Reads at the state under `root`, or undefined for a root no block has. */
  view(root: string): StateView | undefined {
    const block = this.blockOfRoot.get(root.toLowerCase());
    if (block === undefined) return undefined;
    // the latest state is the engine's own, until the next execution commits
    if (block === this.latest) return { read: (key) => this.state.readById(keyId(key)) };
    const checkpoint = block - (block % CHECKPOINT_EVERY);
    const base = this.checkpoints.get(checkpoint)!;
    return {
      read: (key) => {
        const id = keyId(key);
        for (let b = block; b > checkpoint; b--) {
          const entry = this.writes[b].get(id);
          if (entry) return entry.value;
        }
        return base.entries.get(id)?.value;
      },
    };
  }
}
