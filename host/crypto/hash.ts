// blake2b-256, the only hash the VM1 engine uses (casper-types crypto::blake2b: 32-byte digest).
// hash-wasm's blake2b (one hasher, reused: each call runs to its end synchronously) is 5-8 times faster
// than pure JavaScript on the short inputs hashed per deploy and per block (keys, addresses, headers),
// and about 20 times on trie nodes. It is created asynchronously (its WebAssembly is compiled when this
// module loads); until it is ready the same blake2b-256 comes from @noble/hashes. No top-level await: a
// module that awaits cannot be require()d, and the engine must load anywhere.

import { blake2b } from "@noble/hashes/blake2";
import { createBLAKE2b, type IHasher } from "hash-wasm";

let wasm: IHasher | undefined;

/** Resolves once hashing runs on WebAssembly (a script that never yields may await it first). */
export const fastHashReady: Promise<void> = createBLAKE2b(256).then((h) => {
  wasm = h;
});

/** blake2b-256 of the concatenated parts. */
export function blake2b256(...parts: Uint8Array[]): Uint8Array {
  if (!wasm) {
    const h = blake2b.create({ dkLen: 32 });
    for (const p of parts) h.update(p);
    return h.digest();
  }
  wasm.init();
  for (const p of parts) wasm.update(p);
  return wasm.digest("binary");
}
