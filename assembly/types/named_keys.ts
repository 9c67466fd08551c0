// NamedKeys: casper-types' BTreeMap<String, Key> (contracts.rs), a Map kept sorted by name.
// A type alias: annotate with NamedKeys, create with `new Map<string, Key>()`.
import { Map } from "./map";
import { Key } from "./key";

export type NamedKeys = Map<string, Key>;
