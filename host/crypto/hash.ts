// blake2b-256, the only hash the VM1 engine uses (casper-types crypto::blake2b: 32-byte digest).

import { blake2b } from "@noble/hashes/blake2";

export function blake2b256(...parts: Uint8Array[]): Uint8Array {
  const h = blake2b.create({ dkLen: 32 });
  for (const p of parts) h.update(p);
  return h.digest();
}
