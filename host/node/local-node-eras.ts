// Eras on the local node. A real network ends an era after era_duration (and minimum_era_height
// blocks) with a switch block; the local node ends one when its era timer fires (every
// core.era_duration, or --era-duration) or when asked: `local_node_advance_eras`, a JSON-RPC method
// of this node only (not a Casper method, so no client mistakes it for one), and the CLI's
// `advance-eras`. Each era end is a switch block (LocalNode.endEras) on which the auction's era step
// runs, so an undelegation is paid after the unbonding delay, as on chain.
import { durationMillis } from "../bytesrepr/time-format.ts";
import type { LocalNode } from "./local-node.ts";
import { invalid, readParams } from "./rpc-params.ts";

/** The local-node extension that ends eras now: params `{"count": n}` (default 1, at most MAX_ERAS_PER_CALL). */
export const ADVANCE_ERAS_METHOD = "local_node_advance_eras";
export const MAX_ERAS_PER_CALL = 1000;

export async function advanceErasRpc(node: LocalNode, params: unknown) {
  const p = readParams(params, [{ name: "count", required: false }], true);
  const count = p.count ?? 1;
  if (typeof count !== "number" || !Number.isSafeInteger(count) || count < 1 || count > MAX_ERAS_PER_CALL) {
    throw invalid(`count: expected a whole number of eras from 1 to ${MAX_ERAS_PER_CALL}, got ${JSON.stringify(count)}`);
  }
  const blocks = await node.endEras(count);
  return {
    api_version: node.apiVersion,
    era_id: node.chain.currentEra,
    switch_blocks: blocks.map((b) => ({ hash: b.hash, height: b.height, era_id: b.eraId })),
  };
}

/** The era duration the timer uses: `--era-duration` text ("30 s", "2 minutes", "500 ms"), else the chainspec's. */
export function eraDurationOf(text: string | undefined, chainspecDuration: string): bigint {
  const ms = durationMillis(text !== undefined ? "--era-duration" : "core.era_duration", text ?? chainspecDuration);
  if (ms <= 0n) throw new Error(`the era duration must be positive, got ${text ?? chainspecDuration}`);
  return ms;
}

/**
 * Ends an era whenever `durationMs` has passed since the last switch block (genesis at first), as
 * the node's clock tells. Returns the function that stops the timer.
 */
export function startEraTimer(node: LocalNode, durationMs: bigint, clock: () => bigint, onError: (e: Error) => void = () => {}): () => void {
  const tickMs = Number(durationMs < 1000n ? durationMs : 1000n);
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    const due = node.chain.lastSwitchBlock().timestampMs + durationMs;
    if (clock() < due) return;
    busy = true;
    node.endEras(1).catch(onError).finally(() => {
      busy = false;
    });
  }, tickMs);
  timer.unref();
  return () => clearInterval(timer);
}
