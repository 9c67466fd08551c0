// WAT contracts for engine tests: one module that installs itself (`call`: a new package, a version
// with the given entry points, named keys <name> -> contract hash, <name>_package -> package hash,
// <name>_access -> access URef) and whose exported functions are the entry points.

import { Data, module, type Ptr } from "./engine-wat.ts";
import { entryPointsBytes, type EpSpec } from "./engine-bytes.ts";

const INSTALL_IMPORTS = ["casper_create_contract_package_at_hash", "casper_add_contract_version", "casper_put_key"];

export interface ContractSource {
  /** named key prefix on the installing account */
  name: string;
  entryPoints: EpSpec[];
  /** WAT functions, exporting the entry point names */
  functions: string;
  imports?: string[];
  data?: Data;
  locked?: boolean;
  /** serialized NamedKeys for the version (default: none) */
  namedKeys?: Uint8Array;
}

export function contractModule(src: ContractSource): Uint8Array {
  const data = src.data ?? new Data();
  const ep: Ptr = data.bytes(entryPointsBytes(src.entryPoints));
  const nk: Ptr = data.bytes(src.namedKeys ?? new Uint8Array(4));
  const name = data.string(src.name);
  const pkg = data.string(`${src.name}_package`);
  const access = data.string(`${src.name}_access`);
  const imports = [...new Set([...INSTALL_IMPORTS, ...(src.imports ?? [])])];
  const body = `
  (func (export "call")
    (call $casper_create_contract_package_at_hash (i32.const 100) (i32.const 140) (i32.const ${src.locked ? 1 : 0}))
    (if (call $casper_add_contract_version (i32.const 100) (i32.const 32) (i32.const 180) (i32.const ${ep.ptr}) (i32.const ${ep.len})
          (i32.const ${nk.ptr}) (i32.const ${nk.len}) (i32.const 200) (i32.const 32) (i32.const 184))
      (then unreachable))
    (i32.store8 (i32.const 199) (i32.const 1))
    (i32.store8 (i32.const 99) (i32.const 1))
    (i32.store8 (i32.const 139) (i32.const 2))
    (i32.store8 (i32.const 172) (i32.const 7))
    (call $casper_put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 199) (i32.const 33))
    (call $casper_put_key (i32.const ${pkg.ptr}) (i32.const ${pkg.len}) (i32.const 99) (i32.const 33))
    (call $casper_put_key (i32.const ${access.ptr}) (i32.const ${access.len}) (i32.const 139) (i32.const 34)))
  ${src.functions}`;
  return module({ imports, data, body });
}
