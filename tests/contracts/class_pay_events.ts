// An @event class and an @errors enum in their own file, imported by tests/contracts/class_pay.ts.
import { Key, U256 } from "../../assembly/index";

/** A payment. */
@event
export class Paid {
  constructor(public to: Key, public amount: U256) {}
}

@errors
export enum PayError {
  /** more than 100 at once */
  TooMuch = 7,
}
