// A class-form contract for Casper 2.x (tests/class-form-messages.test.ts): its @event emitted as a native
// message on a topic init registers, and a String message. Built for protocol 2.0.0: it imports the
// message host functions, which 1.5.x nodes do not serve.
import { Key, U256, addMessageTopic, emitEventMessage, emitMessageString, ensure } from "../../assembly/index";

@event
class Paid {
  constructor(public to: Key, public amount: U256) {}
}

@contract({ keys: { contractHash: "messages" } })
class Messages {
  @entryPoint
  init(): void {
    ensure(addMessageTopic("payments") == 0, 1);
  }

  @entryPoint
  pay(to: Key, amount: U256): void {
    ensure(emitEventMessage<Paid>("payments", new Paid(to, amount)) == 0, 2);
    ensure(emitMessageString("payments", "paid") == 0, 3);
  }

  /** Emits on a topic never registered: returns the host's error, which is reverted with. */
  @entryPoint
  stray(): void {
    const status = emitMessageString("elsewhere", "x");
    ensure(status == 0, status);
  }
}
