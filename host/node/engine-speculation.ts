// The engine's dry run as the node answers it: the session of a Deploy run on the engine's current
// state at the tip's block time plus the chainspec's minimum_block_time (casper-node 2.0
// contract_runtime/operations.rs `speculatively_execute`: `block_header.timestamp() +
// minimum_block_time`), nothing committed, the outcome in the node's JSON.
import { durationMillis } from "../bytesrepr/time-format.ts";
import { transferKey, formatKey } from "../bytesrepr/key.ts";
import type { DeployItem } from "../engine/deploy-item.ts";
import type { Engine } from "../engine/engine.ts";
import { speculativeSession } from "../engine/speculative.ts";
import { effectsJson } from "./effects-json.ts";
import { engineErrorDebug } from "./engine-error-debug.ts";
import type { SpeculativeOutcome } from "./engine-backend.ts";
import { transferJsonAt } from "./transfer-json.ts";

export function speculateOnEngine(engine: Engine, item: DeployItem, tipTimestampMs: bigint): SpeculativeOutcome {
  const minimumBlockTime = durationMillis("core.minimum_block_time", engine.config.chainspec.core.minimum_block_time);
  const run = speculativeSession(engine, item, tipTimestampMs + minimumBlockTime);
  return {
    limit: run.limit,
    consumed: run.consumed,
    error: run.error ? engineErrorDebug(run.error) : null,
    transfers: run.transfers.map((addr) => transferJsonAt((key) => run.state.read(key), transferKey(addr), formatKey(transferKey(addr)))),
    effects: effectsJson(run.journal, (key) => engine.state.read(key)),
  };
}
