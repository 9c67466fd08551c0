// Session code: delegate `amount` motes from `delegator` to `validator` through the auction
// system contract. Port of the Rust `delegate` session in casper-node's docs.
import { runtime, system, PublicKey, U512, RuntimeArgs } from "../index";

export function call(): void {
  const delegator = runtime.getNamedArg<PublicKey>("delegator");
  const validator = runtime.getNamedArg<PublicKey>("validator");
  const amount = runtime.getNamedArg<U512>("amount");
  const args = new RuntimeArgs()
    .insert("delegator", delegator)
    .insert("validator", validator)
    .insert("amount", amount);
  // the auction answers with the delegated amount, a U512, like Rust's call_contract::<U512>
  runtime.callContract<U512>(system.getAuction(), "delegate", args);
}
