// Deterministic addresses, exactly as casper-node v1.5.8 core/execution/address_generator.rs:
// a ChaCha20 RNG (rand_chacha ChaChaRng, 20 rounds, nonce 0) seeded with
// blake2b-256(deploy hash ++ [phase]); each address is the next 32 bytes of its keystream, and a
// hash address is blake2b-256 of a fresh address. So a contract installed here gets the same hashes
// as on chain for the same deploy hash.

import { createCipheriv, type Cipher } from "node:crypto";
import { blake2b256 } from "../crypto/hash.ts";
import type { URef } from "../bytesrepr/key.ts";

export const Phase = { System: 0, Payment: 1, Session: 2, FinalizePayment: 3 } as const;
export type PhaseValue = (typeof Phase)[keyof typeof Phase];

const ZERO_BLOCK = new Uint8Array(32);
// rand_chacha's 64-bit block counter + 64-bit stream id start at zero; OpenSSL's chacha20 takes the
// same 16 bytes (counter then nonce) as its IV, so its keystream is the RNG's output.
const ZERO_IV = new Uint8Array(16);

export class AddressGenerator {
  private cipher: Cipher | undefined;
  private rngSeed: Uint8Array | undefined;

  constructor(
    private readonly seedHash: Uint8Array,
    private readonly phase: number,
  ) {}

  /** A generator from the RNG's 32-byte seed itself (ChaChaRng::from_seed), for checking the stream. */
  static fromRngSeed(seed: Uint8Array): AddressGenerator {
    const g = new AddressGenerator(new Uint8Array(0), 0);
    g.rngSeed = seed;
    return g;
  }

  /** `create_address`: the next 32 bytes of the stream (also used for purse and transfer addresses). */
  createAddress(): Uint8Array {
    // most phases never need an address: seed the stream on first use
    this.cipher ??= createCipheriv("chacha20", this.rngSeed ?? blake2b256(this.seedHash, new Uint8Array([this.phase])), ZERO_IV);
    return new Uint8Array(this.cipher.update(ZERO_BLOCK));
  }

  /** `new_hash_address`: blake2b-256 of a fresh address (contract, package and wasm hashes). */
  newHashAddress(): Uint8Array {
    return blake2b256(this.createAddress());
  }

  newURef(rights: number): URef {
    return { addr: this.createAddress(), rights };
  }
}
