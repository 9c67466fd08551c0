// One node per data directory. Two nodes on one directory would each go on from the tip they opened,
// writing different blocks at the same heights into one chain (and LMDB's file past its last page:
// host/state/lmdb/tail-prefill.ts). So a node holds `DIR/node.lock` (its pid) while the directory is
// open: written with O_EXCL, removed when the storage closes or the process exits. A lock whose
// process is gone (a node killed with kill -9) is taken over.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const LOCK_FILE = "node.lock";

export class DirectoryInUseError extends Error {}

/** Locks held by this process, removed at exit (one listener for all). */
const held = new Set<string>();
let releasedAtExit = false;

/** Takes `dir`'s lock; returns the function that releases it. */
export function lockDirectory(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: "wx" });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 3) throw e;
    }
    const holder = holderOf(path);
    if (holder !== undefined && holder !== process.pid && stillRunning(holder)) {
      throw new DirectoryInUseError(`${dir} is in use by another node (pid ${holder}): stop that node first, or if no node runs there, remove ${path}`);
    }
    // left by a process that is gone, or by this one: taken over
    rmSync(path, { force: true });
  }
  if (!releasedAtExit) {
    releasedAtExit = true;
    process.once("exit", () => held.forEach(releaseIfOurs));
  }
  held.add(path);
  return () => {
    held.delete(path);
    releaseIfOurs(path);
  };
}

function releaseIfOurs(path: string): void {
  if (holderOf(path) === process.pid) rmSync(path, { force: true });
}

/** The pid a lock file names (undefined: none, or not a pid: a lock cut short while written). */
function holderOf(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

/** How long a holder may take to exit (a node just killed: its memory map torn down, its parent yet to reap it). */
const EXIT_WAIT_MS = 3_000;

/** Whether `pid` runs, waiting up to EXIT_WAIT_MS for it to exit. */
function stillRunning(pid: number): boolean {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; waited < EXIT_WAIT_MS; waited += 50) {
    if (!isRunning(pid)) return false;
    Atomics.wait(pause, 0, 0, 50);
  }
  return isRunning(pid);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: running, as another user
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  // a zombie (exited, not yet reaped) answers signal 0 too; Linux tells it apart
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return true;
  }
}
