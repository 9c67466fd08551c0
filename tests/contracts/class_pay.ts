// A class-form contract whose event and errors come from another file (tests/class-form-groups.test.ts).
import { Key, U256, EventSchemas, initEvents, emit, fail } from "../../assembly/index";
import { Paid, PayError } from "./class_pay_events";

@contract({ keys: { contractHash: "pay" } })
class Pay {
  @entryPoint
  init(): void {
    initEvents(new EventSchemas().with<Paid>());
  }

  @entryPoint({ args: { amount: { invalid: PayError.TooMuch } } })
  pay(to: Key, amount: U256): void {
    if (amount > U256.fromU64(100)) fail(PayError.TooMuch);
    emit<Paid>(new Paid(to, amount));
  }
}
