// The auction contract's hash, needed to undelegate with a legacy Deploy (a stored call to its
// `undelegate` entry point). Read from the node's system contract registry: the CLValue
// Map<String, ContractHash> under Key::SystemContractRegistry ("system-contract-registry-" + 64 zeros,
// casper-node v1.5.8 types/src/key.rs), whose bytes are u32 count, then (String, 32 bytes) entries.
import sdk from "casper-js-sdk";
import type { NodeClient } from "./node-client.ts";

const REGISTRY_KEY = `system-contract-registry-${"00".repeat(32)}`;

export async function systemContractHashes(client: NodeClient): Promise<Map<string, string>> {
  const result = await client.read("query_global_state (system contract registry)", (rpc) => rpc.queryLatestGlobalState(REGISTRY_KEY, []));
  const clValue = (result.rawJSON as { stored_value?: { CLValue?: { bytes?: string } } })?.stored_value?.CLValue;
  if (!clValue?.bytes) throw new Error(`the node's system contract registry is not a CLValue: ${JSON.stringify(result.rawJSON).slice(0, 200)}`);
  return decodeRegistry(Buffer.from(clValue.bytes, "hex"));
}

export function decodeRegistry(bytes: Uint8Array): Map<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Map<string, string>();
  let at = 0;
  const need = (n: number) => {
    if (at + n > bytes.length) throw new Error("the system contract registry's bytes are truncated");
  };
  need(4);
  const count = view.getUint32(at, true);
  at += 4;
  for (let i = 0; i < count; i++) {
    need(4);
    const len = view.getUint32(at, true);
    at += 4;
    need(len + 32);
    const name = new TextDecoder().decode(bytes.subarray(at, at + len));
    at += len;
    out.set(name, Buffer.from(bytes.subarray(at, at + 32)).toString("hex"));
    at += 32;
  }
  return out;
}

/** casper-js-sdk's own table of auction hashes for mainnet and testnet, for offline signing. */
export function knownAuctionHash(chainName: string): string | undefined {
  const table = (sdk as unknown as { AuctionManagerContractHashMap?: Record<string, string> }).AuctionManagerContractHashMap;
  return chainName === "casper" || chainName === "casper-test" ? table?.[chainName] : undefined;
}
