// {{contract}}: session code. It runs in the deploying account's context: it reads its `message`
// argument and stores it under the account's named key "message".
import { runtime, storage, Key } from "casper-as/assembly";

export function call(): void {
  const message = runtime.getNamedArg<string>("message");
  runtime.putKey("message", Key.uref(storage.newURef(message)));
}
