// Where an execution error came from, in the contract's sources: the wasm levels an error passed
// through (host/runtime/wasm-stack.ts: positions in the modules as they ran) mapped back to the
// deployed modules (host/wasm/offset_map.ts: the instrumentation and a stored contract's pruning undone)
// and through their source maps (source-map.ts). The `site` is the first frame in the contract's own
// code: for a revert raised by the API (runtime.getNamedArg, revert, a failed host call), the line
// that called the API.

import type { LoadedModule } from "../runtime/modules.ts";
import type { ExitCause, WasmStackLevel } from "../runtime/wasm-stack.ts";
import { type AddedCode, functionAt, type OffsetMap } from "../wasm/offset_map.ts";
import { sourceMapFor } from "./registry.ts";
import type { SourceLocation, SourceMapIndex } from "./source-map.ts";

/** Where a running module came from. */
export interface ModuleOrigin {
  /** the module as it was deployed: the session's bytes, or the module a stored contract was installed from */
  readonly original: Uint8Array;
  /** offsets in the running module -> offsets in `original` */
  offsets(): OffsetMap;
}

export interface ErrorFrame {
  /** 0 for the deploy's own code, +1 per contract call */
  readonly depth: number;
  /** the export that was running in that module */
  readonly entryPoint: string;
  /** the module's file name when its source map names it (e.g. "keys_manager.wasm") */
  readonly module?: string;
  /** byte offset in the deployed module (undefined in code the instrumentation added) */
  readonly offset?: number;
  readonly location: SourceLocation;
  /** what the engine's instrumentation added at this frame ("stack-limiter": the stack height limit was passed) */
  readonly added?: AddedCode;
  /** on the innermost frame of each module: how the error left it */
  readonly exit?: ExitCause;
}

export interface ErrorOrigin {
  /** innermost first, across contract calls */
  readonly frames: readonly ErrorFrame[];
  /** the innermost frame in the contract's own code (not the standard library or the contract API) */
  readonly site?: ErrorFrame;
}

/** Resolves the levels of an error; `originOf` says where each running module came from. */
export function resolveWasmStack(levels: readonly WasmStackLevel[], originOf: (module: LoadedModule) => ModuleOrigin | undefined): ErrorOrigin {
  const frames: ErrorFrame[] = [];
  for (const level of levels) {
    const origin = originOf(level.module);
    let offsets: OffsetMap | undefined;
    let map: SourceMapIndex | undefined;
    try {
      offsets = origin?.offsets();
      map = origin ? sourceMapFor(origin.original) : undefined;
    } catch {
      // a module that cannot be followed back keeps raw positions
    }
    const raw = level.frames();
    raw.forEach((f, i) => {
      const exit = i === 0 ? level.cause : undefined;
      const base = { depth: level.depth, entryPoint: level.entryPoint, module: map?.map.file, exit };
      const mapped = offsets?.at(f.offset);
      if (!origin || !mapped) {
        frames.push({ ...base, location: {} });
        return;
      }
      // added code: what it guards (a gas charge: its block; the stack limiter's check: its call)
      const original = mapped.original ?? (mapped.added === "gas" || mapped.added === "stack-limiter" ? offsets!.nextOriginal(f.offset) : undefined);
      if (original === undefined) {
        if (mapped.added === "thunk" && !exit) return; // the limiter's export thunks say nothing
        frames.push({ ...base, added: mapped.added, location: {} });
        return;
      }
      const fn = functionAt(origin.original, original);
      const location = map ? map.locate(original, fn) : { function: fn ? `function #${fn.functionIndex}` : undefined };
      frames.push({ ...base, offset: original, added: mapped.added, location });
    });
  }
  const site = frames.find((f) => (f.location.source && !f.location.library) || f.location.caller);
  return { frames, site };
}

function causeText(cause: ExitCause, frame: ErrorFrame): string {
  switch (cause.kind) {
    case "trap":
      if (frame.added === "stack-limiter") return "the stack height limit (max_stack_height) was passed: the limiter's `unreachable` trapped";
      return cause.message === "unreachable" ? "`unreachable` executed" : `trap: ${cause.message}`;
    case "host":
      return `${cause.name} ended it`;
    case "gas":
      return "gas ran out";
  }
}

/** Where a frame is in the contract's own code: its position, or for inlined library code the caller's line. */
function ownPosition(frame: ErrorFrame): { file: string; line: number; column: number; text?: string; inlined?: string; generated?: string } | undefined {
  const l = frame.location;
  if (l.source && !l.library) return { ...l.source, text: l.text, inlined: l.inlined, generated: l.generated };
  return l.caller;
}

/** `file:line:column`, or what is known instead. */
export function formatPosition(frame: ErrorFrame): string {
  const s = frame.location.source;
  const note = frame.added === "stack-limiter" ? ", the call the stack height limit stopped" : frame.added === "gas" ? ", the block whose gas passed the limit" : "";
  if (s) return `${s.file}:${s.line}:${s.column}${note}`;
  if (frame.added) return `code the engine added (${frame.added})`;
  return frame.offset !== undefined ? `wasm offset 0x${frame.offset.toString(16)}` : "an unknown position";
}

function frameLine(f: ErrorFrame): string {
  const fn = f.location.function ?? "?";
  const inlined = `${f.location.generated ? `, ${f.location.generated}` : ""}${f.location.inlined ? `, calling ${f.location.inlined}` : ""}`;
  const caller = f.location.caller ? `, inlined at ${f.location.caller.file}:${f.location.caller.line}:${f.location.caller.column}` : "";
  return `${fn} (${formatPosition(f)}${inlined}${caller})`;
}

/** The site in one line: `assembly/contracts/delegate.ts:7:21 in call, calling getNamedArg<PublicKey>`. */
export function formatSite(origin: ErrorOrigin): string | undefined {
  const f = origin.site;
  const p = f && ownPosition(f);
  if (!f || !p) return undefined;
  const notes = `${p.generated ? `, ${p.generated}` : ""}${p.inlined ? `, calling ${p.inlined}` : ""}`;
  return `${p.file}:${p.line}:${p.column} in ${f.location.function ?? f.entryPoint}${notes}`;
}

/** A few lines for a report: the site with its source line, then the stack, innermost first (repeated frames counted once). */
export function formatErrorOrigin(origin: ErrorOrigin, indent = "  "): string {
  const lines: string[] = [];
  const site = formatSite(origin);
  if (site) {
    lines.push(`${indent}at ${site}`);
    const p = ownPosition(origin.site!);
    if (p?.text) lines.push(`${indent}  ${p.line} | ${p.text}`);
  }
  let outer = false;
  let last = "";
  let repeats = 0;
  const flush = () => {
    if (repeats > 0) lines[lines.length - 1] += ` (×${repeats + 1})`;
    repeats = 0;
  };
  for (const f of origin.frames) {
    if (f.exit) {
      flush();
      const where = `${f.module ?? "wasm"} \`${f.entryPoint}\`${f.depth > 0 ? ` (contract call depth ${f.depth})` : ""}`;
      lines.push(`${indent}${outer ? "called from " : ""}${where}: ${causeText(f.exit, f)}`);
      outer = true;
      last = "";
    }
    const line = `${indent}    at ${frameLine(f)}`;
    if (line === last) {
      repeats++;
      continue;
    }
    flush();
    lines.push(line);
    last = line;
  }
  flush();
  return lines.join("\n");
}
