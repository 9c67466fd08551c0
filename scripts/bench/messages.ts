// What contract-level messages cost the engine (issue 10): deploys calling a stored contract's entry
// point that emits ten messages (casper_emit_message on a topic registered at install) against the
// same contract's entry point that emits none, wall-clock on the 2.0.0 engine, metered, in the same
// run (goal: ten messages at no more than 1.2x). Deploys are signed once, outside the timed loop.

import wabtInit from "wabt";
import { type DeployItem, deployItemFromSdk } from "../../host/engine/deploy-item.ts";
import { makeDeploy, sessionItems } from "../../host/engine/deploys.ts";
import { Engine } from "../../host/engine/engine.ts";
import { type BenchSection, combine, formatRate, measurePairRounds, median } from "./harness.ts";

const GOAL = 1.2;
const CSPR = 1_000_000_000n;
const POOL = 128;
const ROUNDS = 10;

const u32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const str = (s: string) => [...u32(s.length), ...Buffer.from(s)];
const data = (at: number, bytes: number[]) => `(data (i32.const ${at}) "${bytes.map((b) => "\\" + b.toString(16).padStart(2, "0")).join("")}")`;

/** A contract with `emit_ten` and `emit_none` (Called, Public, 2.0 EntityEntryPoint format) and topic "events". */
export async function contractWasm(): Promise<Uint8Array> {
  const ep = (name: string) => [...str(name), ...str(name), ...u32(0), 9, 1, 1, 0];
  const eps = [...u32(2), ...ep("emit_none"), ...ep("emit_ten")];
  const topics = [...u32(1), ...str("events"), 0];
  const payload = [0, ...str("transfer: 1000 motes")];
  const name = str("messenger");
  const wabt = await wabtInit();
  const mod = wabt.parseWat("bench.wat", `(module
  (import "env" "casper_create_contract_package_at_hash" (func $pkg (param i32 i32 i32)))
  (import "env" "casper_add_contract_version_with_message_topics" (func $add (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "casper_put_key" (func $put (param i32 i32 i32 i32)))
  (import "env" "casper_emit_message" (func $emit (param i32 i32 i32 i32) (result i32)))
  (import "env" "casper_revert" (func $revert (param i32)))
  (memory 1)
  ${data(1024, eps)} ${data(2048, topics)} ${data(2304, [...Buffer.from("events")])} ${data(2400, payload)} ${data(2600, name)} ${data(2700, u32(0))}
  (func (export "emit_none") (local $i i32)
    (block $done (loop $next (br_if $done (i32.ge_u (local.get $i) (i32.const 10))) (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $next))))
  (func (export "emit_ten") (local $i i32) (local $r i32)
    (block $done (loop $next (br_if $done (i32.ge_u (local.get $i) (i32.const 10)))
      (local.set $r (call $emit (i32.const 2304) (i32.const 6) (i32.const 2400) (i32.const ${payload.length})))
      (if (local.get $r) (then (call $revert (local.get $r))))
      (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $next))))
  (func (export "call") (local $r i32)
    (call $pkg (i32.const 100) (i32.const 140) (i32.const 0))
    (local.set $r (call $add (i32.const 100) (i32.const 32) (i32.const 180) (i32.const 1024) (i32.const ${eps.length}) (i32.const 2700) (i32.const 4) (i32.const 2048) (i32.const ${topics.length}) (i32.const 200) (i32.const 32)))
    (if (local.get $r) (then (call $revert (local.get $r))))
    (i32.store8 (i32.const 199) (i32.const 1))
    (call $put (i32.const 2600) (i32.const ${name.length}) (i32.const 199) (i32.const 33))))`);
  try {
    mod.validate();
    return new Uint8Array(mod.toBinary({}).buffer);
  } finally {
    mod.destroy();
  }
}

export const messages: BenchSection = {
  name: "messages",
  async run({ ms }) {
    const engine = new Engine({ protocol: "2.0.0", trace: false, metered: true });
    engine.runSession("alice", await contractWasm(), undefined, { payment: 50n * CSPR }).expectSuccess();
    const pool = (entryPoint: string): DeployItem[] => Array.from({ length: POOL }, () =>
      deployItemFromSdk(makeDeploy(engine.params("alice", { payment: 5n * CSPR }), sessionItems.byName("messenger", entryPoint, {}))));
    const ten = pool("emit_ten");
    const none = pool("emit_none");
    // each deploy in a block of its own, as the local node runs them (a topic's indices restart); the
    // state is put back every POOL deploys, so neither loop pays for a heap grown by the other's history
    const installed = engine.snapshot();
    const run = (items: DeployItem[], count: number) => (i: number) => {
      if (i % POOL === 0) engine.restore(installed);
      engine.advanceTime(1);
      const r = engine.execute(items[i % POOL]);
      if (!r.success || r.messages.length !== count) throw new Error(`the messages benchmark's deploy failed: ${r.error?.message ?? `${r.messages.length} messages`}`);
    };
    // ten rounds of alternating slices, the ratio their median: one slice slowed by the machine's other
    // work (or a full GC landing in it) moves the result less than in a ratio of the summed rates
    const rounds = measurePairRounds(run(ten, 10), run(none, 0), { ms: 2 * ms, rounds: ROUNDS });
    const [t, n] = [combine(rounds.a), combine(rounds.b)];
    const ratios = rounds.a.map((a, k) => rounds.b[k].perSecond / a.perSecond);
    const ratio = median(ratios);
    return {
      title: "messages: a deploy emitting ten messages vs one emitting none (2.0.0, metered; issue 10)",
      lines: [
        { label: "ten messages", value: formatRate(t), data: { perSecond: t.perSecond, iterations: t.iterations } },
        { label: "no message", value: formatRate(n), data: { perSecond: n.perSecond, iterations: n.iterations } },
        { label: "wall-clock ratio ten / none", value: `${ratio.toFixed(3)} (median of ${ROUNDS} rounds; ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`, data: { ratio, ratioOfRates: n.perSecond / t.perSecond } },
      ],
      goals: [{ goal: `ten messages <= ${GOAL} x none`, met: ratio <= GOAL }],
    };
  },
};
