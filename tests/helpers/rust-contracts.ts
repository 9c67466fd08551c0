// Rust-built Casper contracts, taken from Casper's own npm client packages, which embed each wasm as a
// base64 string literal in a JS file (`var base64 = "AGFzbQ…"`). The packages cannot be dependencies
// (their peer dependency casper-js-sdk ^2 conflicts with our 5.0.12), so the tarball is fetched with
// `npm pack` into build/fixtures (npm's cache makes reruns offline), checked against the integrity
// pinned here, and the literal is read out of the file's TEXT: their JS is never executed or imported,
// and none of their bytes are committed.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

export interface PinnedPackage {
  readonly name: string;
  readonly version: string;
  /** the registry's dist.integrity (sha512, base64) */
  readonly integrity: string;
}

/** CEP-18 fungible token client; its wasm is cep18 v1.1.0 (casper-ecosystem/cep18 6ec9d34, cep18/src). */
export const CEP18_CLIENT: PinnedPackage = {
  name: "casper-cep18-js-client",
  version: "1.0.3",
  integrity: "sha512-ssDb5td5SF1XHm1c+WCM1AiuuhuhBzN540LeiU6oqG8CnhzF51e26LDOx759a6I/m7gB1OoMmrlIF6BiiaAzUg==",
};

/** CEP-78 enhanced NFT client; contract and session wasm of casper-ecosystem/cep-78-enhanced-nft v1.5.1. */
export const CEP78_CLIENT: PinnedPackage = {
  name: "casper-cep78-js-client",
  version: "1.5.1",
  integrity: "sha512-dTLxIU6ATbWleF7xTYYJUmylFK+cMA6DsAowIqrBucnhnNjMl89IOryQ2Xx/XHH10wKg87cvvwhukH5PDRCSCA==",
};

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const FIXTURES_DIR = join(REPO_ROOT, "build", "fixtures");

/** npm's tarball name for a package: scope dropped, `name-version.tgz`. */
function tarballName(pkg: PinnedPackage): string {
  return `${pkg.name.replace(/^@[^/]+\//, "")}-${pkg.version}.tgz`;
}

function integrityOf(bytes: Uint8Array): string {
  return `sha512-${createHash("sha512").update(bytes).digest("base64")}`;
}

function verify(pkg: PinnedPackage, path: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(path));
  const actual = integrityOf(bytes);
  if (actual !== pkg.integrity) {
    throw new Error(
      `${pkg.name}@${pkg.version}: tarball ${path} does not match the pinned integrity\n` +
        `  expected ${pkg.integrity}\n  actual   ${actual}\n` +
        `The registry served different bytes, or the file is damaged: delete it to fetch it again, and do not ` +
        `trust these contracts until the integrity matches.`,
    );
  }
  return bytes;
}

/** `npm pack` the package into a fresh directory, then move the tarball into place (so a half-written file is never seen). */
function fetchTarball(pkg: PinnedPackage, dest: string): void {
  mkdirSync(FIXTURES_DIR, { recursive: true });
  const tmp = mkdtempSync(join(FIXTURES_DIR, ".pack-"));
  try {
    try {
      execFileSync("npm", ["pack", `${pkg.name}@${pkg.version}`, "--pack-destination", tmp, "--silent"], {
        cwd: REPO_ROOT,
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 120_000,
      });
    } catch (e) {
      const err = e as { stderr?: Buffer; message: string };
      const detail = (err.stderr?.toString() ?? "").split("\n").filter((l) => l && !/Unknown user config/.test(l)).join("\n  ");
      throw new Error(
        `could not fetch ${pkg.name}@${pkg.version} with \`npm pack\` (registry unreachable and not in npm's cache?)\n  ${detail || err.message}`,
      );
    }
    const packed = join(tmp, tarballName(pkg));
    if (!existsSync(packed)) throw new Error(`npm pack ${pkg.name}@${pkg.version} did not write ${tarballName(pkg)} in ${tmp}`);
    verify(pkg, packed);
    renameSync(packed, dest);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The package's tarball bytes, fetched once into build/fixtures and checked against the pinned integrity every time. */
export function packageTarball(pkg: PinnedPackage): Uint8Array {
  const path = join(FIXTURES_DIR, tarballName(pkg));
  if (!existsSync(path)) fetchTarball(pkg, path);
  return verify(pkg, path);
}

/** Read NUL-terminated ASCII from a tar header field. */
function field(block: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && block[end] !== 0) end++;
  return Buffer.from(block.subarray(start, end)).toString("utf8");
}

/**
 * The files of a gzipped tar (ustar, as npm writes it): regular files only, names with the ustar
 * prefix joined, pax `path` records honoured.
 */
export function untar(tgz: Uint8Array): Map<string, Uint8Array> {
  const tar = new Uint8Array(gunzipSync(tgz));
  const files = new Map<string, Uint8Array>();
  let paxPath: string | undefined;
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break; // end of archive
    const sizeText = field(header, 124, 12).trim();
    if (!/^[0-7]*$/.test(sizeText)) throw new Error(`tar: bad size field "${sizeText}" at offset ${offset}`);
    const size = sizeText === "" ? 0 : parseInt(sizeText, 8);
    const type = String.fromCharCode(header[156] || 0x30);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    if (body.length !== size) throw new Error(`tar: entry at offset ${offset} is cut short`);
    if (type === "x") {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(Buffer.from(body).toString("utf8"));
      paxPath = m?.[1];
    } else {
      if (type === "0" || type === "\0") {
        const prefix = field(header, 345, 155);
        const name = paxPath ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
        files.set(name, body.slice());
      }
      paxPath = undefined;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** The wasm embedded as the `var base64 = "…"` literal of one JS file of the package (read as text, never run). */
const unpacked = new Map<string, Map<string, Uint8Array>>();

export function embeddedWasm(pkg: PinnedPackage, file: string): Uint8Array {
  const id = `${pkg.name}@${pkg.version}`;
  let files = unpacked.get(id);
  if (!files) unpacked.set(id, (files = untar(packageTarball(pkg))));
  const path = `package/${file}`;
  const js = files.get(path);
  if (!js) throw new Error(`${pkg.name}@${pkg.version} has no ${path}`);
  const text = Buffer.from(js).toString("utf8");
  const literals = [...text.matchAll(/\bvar base64 = "([A-Za-z0-9+/]*={0,2})";/g)];
  if (literals.length !== 1) throw new Error(`${path}: expected one \`var base64 = "…"\` literal, found ${literals.length}`);
  const wasm = new Uint8Array(Buffer.from(literals[0][1], "base64"));
  if (!WASM_MAGIC.every((b, i) => wasm[i] === b)) throw new Error(`${path}: the base64 literal is not a wasm module (no \\0asm v1 header)`);
  return wasm;
}

/** The CEP-18 token contract (cep18.wasm: install session and contract in one module). */
export function cep18Wasm(): Uint8Array {
  return embeddedWasm(CEP18_CLIENT, "dist/wasm/cep18.js");
}

export type Cep78Wasm =
  | "contract"
  | "mint_call"
  | "transfer_call"
  | "balance_of_call"
  | "owner_of_call"
  | "get_approved_call"
  | "updated_receipts";

/** A CEP-78 module: the NFT contract ("contract") or one of the client's session wasm. */
export function cep78Wasm(name: Cep78Wasm): Uint8Array {
  return embeddedWasm(CEP78_CLIENT, `dist/wasm/${name}.wasm.js`);
}
