// `npm run gas -- --profile <deploy>`: one scenario's measured deploy run with a profiling meter
// (host/debug/gas-profile.ts): gas per AssemblyScript function and per host function, with the share
// of storage. The deploy is named by its report key (`keys_manager:set_key_weight`), its entry point
// (`set_key_weight`) or its contract when that is unique (`delegate`).

import { Engine } from "../../host/engine/engine.ts";
import type { ExecutionResult } from "../../host/engine/result.ts";
import { loadChainspec, type ProtocolName } from "../../host/gas/chainspec.ts";
import { GasMeter } from "../../host/gas/gas_meter.ts";
import { GasProfiler, type GasProfile } from "../../host/debug/gas-profile.ts";
import { MEASURING_PAYMENT, SCENARIOS, type Scenario } from "./scenarios.ts";

export class ProfileError extends Error {}

/** The scenario `name` designates, or a ProfileError listing the names there are. */
export function findScenario(name: string, scenarios: readonly Scenario[] = SCENARIOS): Scenario {
  const exact = scenarios.find((s) => s.key === name);
  if (exact) return exact;
  const byEntry = scenarios.filter((s) => s.entryPoint === name);
  const byContract = scenarios.filter((s) => s.contract === name);
  const matches = byEntry.length ? byEntry : byContract;
  if (matches.length === 1) return matches[0];
  const keys = scenarios.map((s) => s.key).join(", ");
  if (matches.length > 1) throw new ProfileError(`"${name}" names ${matches.length} deploys (${matches.map((s) => s.key).join(", ")}): give one of them`);
  throw new ProfileError(`no deploy named "${name}" (the deploys measured: ${keys})`);
}

export interface ProfiledRun {
  readonly scenario: Scenario;
  readonly protocol: ProtocolName;
  readonly result: ExecutionResult;
  readonly profile: GasProfile;
}

/** Runs the scenario with the profiler, which keeps the charges of the last deploy: the measured one. */
export function profileScenario(scenario: Scenario, wasm: (name: string) => Uint8Array, protocol: ProtocolName = "2.0.0"): ProfiledRun {
  const profiler = new GasProfiler();
  const chainspec = loadChainspec(protocol);
  const engine = new Engine({ protocol, trace: false, meter: (_phase, limit) => profiler.wrap(new GasMeter(chainspec, limit)), onDeploy: () => profiler.reset() });
  const result = scenario.run(engine, wasm);
  if (!result.success) throw new ProfileError(`${scenario.key} failed on ${protocol}: ${result.error!.message}${result.errorSite ? ` at ${result.errorSite}` : ""}`);
  return { scenario, protocol, result, profile: profiler.profile((m) => engine.originOf(m)) };
}

export { MEASURING_PAYMENT };
