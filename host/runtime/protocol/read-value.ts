// casper_read_value of a value that is not a CLValue. Both protocols hand a ContractPackage back as a
// CLValue of type Any holding its bytes (types/src/stored_value.rs `TryFrom<StoredValue> for CLValue`,
// v1.5.8 and 2.0.0 alike); anything else fails with TypeMismatch, whose "expected" word differs:
// "CLValue" in 1.5.8, "StoredValue" in 2.0.0 (which also converts BidKind, absent from this data model).

import type { ByProtocol } from "./by-protocol.ts";

export interface ReadValueRules {
  /** StoredValueTypeMismatch's expected type when the value cannot become a CLValue */
  readonly mismatchExpected: string;
}

export const READ_VALUE: ByProtocol<ReadValueRules> = {
  "1.5.8": { mismatchExpected: "CLValue" },
  "2.0.0": { mismatchExpected: "StoredValue" },
};
