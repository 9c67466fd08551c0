// Test session: calls the entry point named by the `entry` argument of the contract under the named
// key "faulty" (tests/contracts/faulty.ts), so an error there passes through casper_call_contract.
// Not part of `npm run build`.
import { runtime, revert, ApiError, RuntimeArgs, Unit } from "../../assembly/index";

export function call(): void {
  const key = runtime.getKey("faulty");
  if (key == null) revert(ApiError.MissingKey);
  const entry = runtime.getNamedArg<string>("entry");
  runtime.callContract<Unit>(key!.intoHash()!, entry, new RuntimeArgs()); // <- call_contract
}
