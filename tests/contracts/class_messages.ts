// A class-form contract for Casper 2.x (tests/class-form-messages.test.ts), built for protocol 2.0.0:
// its constructor registers topic "payments", which goes with the install
// (add_contract_version_with_message_topics); an @event emitted as a native message, a String message,
// a topic registered later from an entry point (manage_message_topic), and the host's error for a topic
// never registered. It imports the message host functions, which 1.5.x nodes do not serve.
import { Key, U256, runtime, emitEventMessage, registerTopic, ensure } from "../../assembly/index";

@event
class Paid {
  constructor(public to: Key, public amount: U256) {}
}

@contract({ keys: { contractHash: "messages", packageHash: "messages_package", accessURef: "messages_access" } })
class Messages {
  constructor() {
    registerTopic("payments");
  }

  @entryPoint
  pay(to: Key, amount: U256): void {
    ensure(emitEventMessage<Paid>("payments", new Paid(to, amount)) == 0, 2);
    ensure(runtime.emitMessage<string>("payments", "paid") == 0, 3);
  }

  /** Registers `topic` from the installed contract (manage_message_topic); the host's error is reverted with. */
  @entryPoint
  add_topic(topic: string): void {
    registerTopic(topic);
  }

  /** Emits on `topic`: returns the host's error, which is reverted with. */
  @entryPoint
  say(topic: string): void {
    const status = runtime.emitMessage<string>(topic, "x");
    ensure(status == 0, status);
  }
}
