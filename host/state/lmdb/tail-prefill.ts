// LMDB's data file written ahead of its last page, one page per write, so that the kernel caches the
// file's growth in single-page folios.
//
// Why: on recent kernels (6.18 here), ext4 caches a file in large folios (up to 2 MiB) where it can.
// LMDB writes a run of adjacent dirty pages in one writev, and where those pages are new (the file's
// growth), the page cache makes one large folio of them. Once the file stops growing, LMDB reuses
// freed pages one at a time, and each 4 KiB write into a large folio walks every block of the folio,
// at the write (ext4_block_write_begin) and again at the sync (mpage_process_page_bufs): at a 2.2M-block
// tip whose cache readahead had filled, those two took a fifth of the node's CPU (host/state/lmdb/README.md,
// "The page cache's folios").
// A page already cached keeps its folio when written again, so the growth is written here first,
// with zeros, a page per pwrite (a folio of one page each), before LMDB writes there.
//
// Safe because LMDB reads no page past its last one, and writes there only in a write transaction:
// `fill()` writes only past the last page of the latest commit, holding the writer lock (an empty
// write transaction, which commits nothing), and StagedWrites calls it between its transactions. A
// file longer than its last page is an LMDB file like any other (an aborted transaction's spilled
// pages leave one too).
import { closeSync, fstatSync, openSync, writeSync } from "node:fs";
import type { RootDatabase } from "lmdb";

/** Bytes kept written ahead of LMDB's last page (the disk holds this much more, zeros). */
const AHEAD = 8 * 1024 * 1024;
/** Pages written per call at most: a pause of about a millisecond on the node's thread. */
const MOST_PAGES_PER_FILL = 256;

/** What `getStats()` tells of the environment (lmdb-js read.js: the main database's stat and mdb_env_info; its types say `{}`). */
interface EnvStats {
  pageSize: number;
  /** the last page of the latest commit */
  lastPageNumber: number;
}

function statsOf(env: RootDatabase): EnvStats {
  return env.getStats() as EnvStats;
}

export class TailPrefill {
  private readonly fd: number;
  private readonly pageSize: number;
  private readonly zeros: Buffer;
  /** bytes written per fill at least (fills are grouped, each taking LMDB's writer lock once): between `ahead - step` and `ahead` bytes are kept written past LMDB's last page */
  readonly step: number;
  /** the file's bytes written so far (by LMDB or here) */
  private filled: number;
  /** pages written here (what tests and the benchmark read) */
  pagesWritten = 0;
  /** why prefilling stopped (a write failed: the disk full, say; LMDB's own next write reports it) */
  stopped: Error | undefined;

  /** `ahead`: bytes kept written past LMDB's last page (tests take less) */
  constructor(private readonly env: RootDatabase, dataFile: string, private readonly ahead = AHEAD) {
    this.fd = openSync(dataFile, "r+");
    this.pageSize = statsOf(env).pageSize;
    this.zeros = Buffer.alloc(this.pageSize);
    this.filled = fstatSync(this.fd).size;
    this.step = Math.min(MOST_PAGES_PER_FILL * this.pageSize, Math.max(this.pageSize, Math.floor(ahead / 8)));
  }

  /** Writes zero pages past LMDB's last committed page, up to `ahead` bytes past it. Only while no write transaction runs. */
  fill(): void {
    if (this.stopped) return;
    // less than a step to write: not worth the writer lock yet
    if (this.lmdbEnd() + this.ahead - this.filled < this.step) return;
    try {
      // inside a write transaction: LMDB's writer lock, so no other process writes past the last page meanwhile
      this.env.transactionSync(() => this.write());
    } catch (e) {
      this.stopped = e as Error;
    }
  }

  /** The end of LMDB's last page in the latest commit. */
  private lmdbEnd(): number {
    return (statsOf(this.env).lastPageNumber + 1) * this.pageSize;
  }

  private write(): void {
    const end = this.lmdbEnd();
    // LMDB outgrew what was written here (a transaction larger than `ahead`): go on from its end
    if (this.filled < end) this.filled = end;
    const target = end + this.ahead;
    for (let n = 0; this.filled < target && n < MOST_PAGES_PER_FILL; n++) {
      writeSync(this.fd, this.zeros, 0, this.pageSize, this.filled);
      this.filled += this.pageSize;
      this.pagesWritten++;
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}
