// Contract installs on both protocols' `casper_add_contract_version`. casper-node 1.5.8 writes the contract
// hash and `bytes_written` (32); 2.0 writes the hash and the version but never `bytes_written`, and ignores
// `output_size` (execution_engine/src/runtime/mod.rs add_contract_version_by_contract_package). A contract that
// sizes the hash by `bytes_written` reads 0 bytes on 2.0 and reverts with EarlyEndOfStream (17): that was
// keys_manager on testnet. These stand-in hosts follow each source; the control shows the 2.0 one reproduces
// the failure, so the API's installs passing against it is the proof.
import { beforeAll, describe, expect, it } from "vitest";
import { StubHost, decodeBytesreprString } from "./helpers/as-host.ts";
import { compileContract, compileModule } from "./helpers/as-build.ts";
import { hex } from "./helpers/as-probe.ts";

type Protocol = "1.5.8" | "2.0.0";
const PROTOCOLS: Protocol[] = ["1.5.8", "2.0.0"];

const PACKAGE = new Uint8Array(32).fill(0x51);
const ACCESS = new Uint8Array(32).fill(0x52);
const CONTRACT = new Uint8Array(32).fill(0x53);
const NEW_UREF = Uint8Array.of(...new Uint8Array(32).fill(0x54), 7);

/** A host whose contract functions answer as `protocol`'s runtime/mod.rs does. */
function installHost(protocol: Protocol): StubHost {
  const h = new StubHost();
  h.overrides.casper_create_contract_package_at_hash = (hashPtr, accessPtr) => {
    h.write(hashPtr, PACKAGE);
    h.write(accessPtr, ACCESS);
  };
  h.overrides.casper_add_contract_version = (_p, _ps, versionPtr, _e, _es, _n, _ns, outPtr, outSize, writtenPtr) => {
    if (protocol === "1.5.8") {
      // v1.5.8 core/runtime/mod.rs add_contract_version
      if (outSize < 32) return 32; // BufferTooSmall
      h.write(outPtr, CONTRACT);
      h.u32(writtenPtr, 32);
    } else {
      h.write(outPtr, CONTRACT); // no size check, and bytes_written stays as the module left it
    }
    h.u32(versionPtr, 1);
    return 0;
  };
  h.overrides.casper_new_uref = (urefPtr) => h.write(urefPtr, NEW_UREF);
  return h;
}

let probe: Uint8Array;
let keysManager: Uint8Array;
beforeAll(async () => {
  [probe, keysManager] = await Promise.all([compileModule("tests/probes/install.ts"), compileContract("keys_manager")]);
}, 120_000);

function runProbe(protocol: Protocol, fn: string) {
  const host = installHost(protocol);
  const outputs: string[] = [];
  host.extraImports.probe = { out: (ptr: number, len: number) => void outputs.push(hex(host.bytes(ptr, len))) };
  const outcome = host.invoke(host.instantiate(probe), fn);
  return { host, outcome, outputs };
}

describe("casper_add_contract_version without bytes_written (casper-node 2.0)", () => {
  it("control: decoding the hash by bytes_written (casper-contract 1.5, this API before) reverts with 17 on 2.0 only", () => {
    expect(runProbe("1.5.8", "bytesWrittenControl")).toMatchObject({ outcome: { kind: "returned" }, outputs: [hex(CONTRACT)] });
    expect(runProbe("2.0.0", "bytesWrittenControl").outcome).toEqual({ kind: "reverted", code: 17 });
  });

  for (const protocol of PROTOCOLS) {
    it(`${protocol}: newContract, newLockedContract and addContractVersion return the hash and version the host wrote`, () => {
      for (const fn of ["newContract", "newLockedContract", "addContractVersion"]) {
        const r = runProbe(protocol, fn);
        expect(r.outcome, fn).toEqual({ kind: "returned" });
        expect(r.outputs, fn).toEqual([hex(CONTRACT), "01000000"]);
        // the API hands the host room for exactly the 32-byte hash
        expect(r.host.callsTo("casper_add_contract_version")[0].args[8], fn).toBe(32);
      }
    });

    it(`${protocol}: keys_manager.wasm installs and names the contract hash`, () => {
      const h = installHost(protocol);
      expect(h.run(keysManager)).toEqual({ kind: "returned" });
      const puts = h.callsTo("casper_put_key").map((c) => [decodeBytesreprString(h.bytes(c.args[0], c.args[1])), hex(h.bytes(c.args[2], c.args[3]))]);
      expect(puts).toEqual([
        ["keys_manager", "01" + hex(CONTRACT)],
        ["keys_manager_hash", "02" + hex(NEW_UREF)],
      ]);
    });
  }
});
