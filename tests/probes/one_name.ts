// Test probe: a module that names exactly one thing. The optimizer then moves that literal into nameBytes
// (dead argument elimination), which the build's name pre-encoding must survive (tests/build-one-name.test.ts).
import { runtime, Key, AccountHash } from "../../assembly/index";

export function call(): void {
  runtime.putKey("the only name ✓", Key.account(changetype<AccountHash>(memory.data(32))));
}
