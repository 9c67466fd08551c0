// The trie store's earlier on-disk format (host/state/lmdb/lmdb-trie-store.ts up to commit c123ba6), kept
// here only to write data directories in it, so that the conversion the store makes when it opens one
// is tested on what that code wrote: nodes by digest (`trie`), rows of retired digests by block
// (`trie-death-rows`), the rows processed so far (`trie-meta` prunedThrough), and a mark per retired
// node, the block it died at (`trie-deaths`), removed when the node was written again. A row freed
// only the nodes still marked with its block.
import type { Database, RootDatabase } from "lmdb";
import type { TrieStore } from "../../host/state/trie/store.ts";

const DIGEST = 32;
const hex = (d: Uint8Array) => Buffer.from(d).toString("hex");

export class LegacyDeathMarkStore implements TrieStore {
  private readonly nodes: Database<Buffer, Buffer>;
  private readonly deaths: Database<number, Buffer>;
  private readonly rows: Database<Buffer, number>;
  private readonly meta: Database<number, string>;
  private prunedThrough: number;
  private retiredNow = new Map<string, Uint8Array>();
  freedNodes = 0;

  constructor(env: RootDatabase, private readonly keepStates: number) {
    this.nodes = env.openDB({ name: "trie", encoding: "binary", keyEncoding: "binary" });
    this.deaths = env.openDB({ name: "trie-deaths", encoding: "msgpack", keyEncoding: "binary" });
    this.rows = env.openDB({ name: "trie-death-rows", encoding: "binary", keyEncoding: "uint32" });
    this.meta = env.openDB({ name: "trie-meta", encoding: "msgpack", keyEncoding: "ordered-binary" });
    this.prunedThrough = this.meta.get("prunedThrough") ?? 0;
    this.meta.putSync("prunedThrough", this.prunedThrough);
  }

  get(digest: Uint8Array): Uint8Array | undefined {
    return this.nodes.get(Buffer.from(digest));
  }

  // each write goes straight to LMDB (putSync): the format is what matters here, not the grouping
  put(nodes: readonly (readonly [Uint8Array, Uint8Array])[], retired: readonly Uint8Array[] = []): void {
    for (const d of retired) this.retiredNow.set(hex(d), d);
    for (const [digest, bytes] of nodes) {
      this.nodes.putSync(Buffer.from(digest), Buffer.from(bytes));
      this.retiredNow.delete(hex(digest));
      if (this.deaths.get(Buffer.from(digest)) !== undefined) this.deaths.removeSync(Buffer.from(digest));
    }
  }

  sealBlock(height: number): void {
    if (this.retiredNow.size > 0) {
      const row = Buffer.concat([...this.retiredNow.values()]);
      for (const d of this.retiredNow.values()) this.deaths.putSync(Buffer.from(d), height);
      this.rows.putSync(height, row);
      this.retiredNow = new Map();
    }
    const through = height - this.keepStates + 1;
    while (this.prunedThrough < through) {
      const h = ++this.prunedThrough;
      const row = this.rows.getBinary(h);
      if (!row) continue;
      for (let at = 0; at < row.length; at += DIGEST) {
        const digest = Buffer.from(row.subarray(at, at + DIGEST));
        if (this.deaths.get(digest) !== h) continue;
        this.nodes.removeSync(digest);
        this.deaths.removeSync(digest);
        this.freedNodes++;
      }
      this.rows.removeSync(h);
    }
    this.meta.putSync("prunedThrough", this.prunedThrough);
  }

  nodeCount(): number {
    return this.nodes.getCount();
  }

  /** Marks waiting: rows not processed yet and nodes marked dead (the test checks the conversion had some). */
  waiting(): { rows: number; marks: number } {
    return { rows: this.rows.getCount(), marks: this.deaths.getCount() };
  }
}
