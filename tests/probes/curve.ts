// Test probe: PublicKey.isOnCurve on a serialized key the test writes into memory (tests/as-public-key-curve.test.ts).
import { PublicKey } from "../../assembly/index";

/** Room for one serialized key (tag + 33 bytes). */
export function buffer(): usize {
  return heap.alloc(34);
}

export function onCurve(ptr: usize): i32 {
  return changetype<PublicKey>(ptr).isOnCurve() ? 1 : 0;
}
