// The engine's dry run as the node answers it: the session of a Deploy run on the engine's current
// state at the tip's block time plus the chainspec's minimum_block_time, with the tip's height and the
// tip as parent (casper-node 2.0 contract_runtime/operations.rs `speculatively_execute`:
// `block_header.timestamp() + minimum_block_time`, BlockInfo::new(state root, block time, tip hash,
// tip height)), nothing committed, the outcome in the node's JSON.
import { durationMillis } from "../bytesrepr/time-format.ts";
import { fromHex } from "../bytesrepr/hex.ts";
import { transferKey, formatKey } from "../bytesrepr/key.ts";
import type { DeployItem } from "../engine/deploy-item.ts";
import type { Engine } from "../engine/engine.ts";
import { speculativeSession } from "../engine/speculative.ts";
import { effectsJson } from "./effects-json.ts";
import { engineErrorDebug } from "./engine-error-debug.ts";
import type { SpeculationTip, SpeculativeOutcome } from "./engine-backend.ts";
import { messageJson } from "./message-json.ts";
import { transferJsonAt } from "./transfer-json.ts";

export function speculateOnEngine(engine: Engine, item: DeployItem, tip: SpeculationTip): SpeculativeOutcome {
  const minimumBlockTime = durationMillis("core.minimum_block_time", engine.config.chainspec.core.minimum_block_time);
  const run = speculativeSession(engine, item, {
    blocktime: tip.timestampMs + minimumBlockTime,
    height: BigInt(tip.height),
    parentHash: fromHex(tip.hash, "tip block hash"),
  });
  return {
    limit: run.limit,
    consumed: run.consumed,
    error: run.error ? engineErrorDebug(run.error) : null,
    transfers: run.transfers.map((addr) => transferJsonAt((key) => run.state.read(key), transferKey(addr), formatKey(transferKey(addr)))),
    effects: effectsJson(run.journal, (key) => engine.state.read(key)),
    messages: run.messages.map(messageJson),
  };
}
