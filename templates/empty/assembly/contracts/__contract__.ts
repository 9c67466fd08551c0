// {{contract}}: a stored contract. `call` (run once, as session code) installs it as the first version
// of a new contract package and puts its hash under the installer's named key "{{contract}}"; its entry
// point `ping` counts its calls in the contract's named key "pings".
import { runtime, storage, Key, Map, CLType, EntryPoint, EntryPoints, EntryPointAccess, EntryPointType, NamedKeys } from "casper-as/assembly";

export function ping(): void {
  const pings = runtime.getKey("pings")!.intoURef()!;
  storage.add<u64>(pings, 1);
}

export function call(): void {
  const entryPoints = new EntryPoints().addEntryPoint(new EntryPoint("ping", CLType.Unit, EntryPointAccess.Public, EntryPointType.Contract));
  const namedKeys: NamedKeys = new Map<string, Key>().set("pings", Key.uref(storage.newURef<u64>(0)));
  const installed = storage.newContract(entryPoints, namedKeys);
  runtime.putKey("{{contract}}", Key.hash(installed.contractHash));
}
