// The event stream on /events (issue 10, issue 19): what casper-node 2.0's event stream server sends,
// checked three ways: against casper-node's own schema of SseData (resources/test/sse_data_schema.json,
// with ajv), against the node's JSON-RPC answers for the same block and deploy (the same JSON), and
// through casper-js-sdk 5's SseClient and event parsers unchanged. Then the stream's mechanics: ids,
// resumption after a reconnect (?start_from= and Last-Event-ID), the bounded buffer, the subscriber
// cap, keep-alive comments, lagging clients, Shutdown.
import { readFileSync } from "node:fs";
import { blake2b } from "@noble/hashes/blake2b";
import { Ajv } from "ajv";
import sdk from "casper-js-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventStream } from "../host/node/events/event-stream.ts";
import {
  faultEvent,
  finalitySignatureEvent,
  stepEvent,
  transactionExpiredEvent,
  SHUTDOWN_EVENT,
  type SseDataJson,
} from "../host/node/events/sse-data.ts";
import { startRpcServer, type RunningRpcServer } from "../host/node/rpc-server.ts";
import { buildContractCall, buildSessionWasm } from "../scripts/cli/build-signed.ts";
import { messengerWasm } from "./helpers/engine-2x.ts";
import { args, ED_KEY, NOW, plan, transferDeploy, WASM } from "./helpers/node-deploys.ts";
import { rpcResult, startTestNode, type TestNode } from "./helpers/node-server.ts";
import { openEventStream, type SseConnection } from "./helpers/sse-reader.ts";
import { sleep } from "./helpers/raw-http.ts";

const { SseClient, EventName, RawEvent } = sdk;

const schema = JSON.parse(readFileSync(new URL("./fixtures/casper-node-2.0/sse_data_schema.json", import.meta.url), "utf8"));
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
const validateSseData = ajv.compile(schema);
const validateTransaction = ajv.compile({ ...schema, oneOf: undefined, $ref: "#/definitions/Transaction" });

/**
 * Validates one event's data against casper-node's SseData schema. TransactionAccepted is checked as
 * it is sent, not as the schema derives it from the enum: sse_server.rs `map_server_sent_event` writes
 * it through `TransactionAccepted { transaction_accepted }` (PascalCase), i.e. {"TransactionAccepted":
 * <Transaction>}, which is also what the sidecar (sse_data.rs) and casper-js-sdk read.
 */
function expectNodeShape(data: unknown) {
  if (data !== null && typeof data === "object" && "TransactionAccepted" in data) {
    const ok = validateTransaction((data as { TransactionAccepted: unknown }).TransactionAccepted);
    expect(ok ? null : validateTransaction.errors).toBeNull();
    return;
  }
  const ok = validateSseData(data);
  expect(ok ? null : validateSseData.errors?.slice(0, 5)).toBeNull();
}

let t: TestNode;
let eventsUrl: string;
const streams: SseConnection[] = [];
async function open(url = eventsUrl, headers: Record<string, string> = {}) {
  const s = await openEventStream(url, headers);
  streams.push(s);
  return s;
}

beforeAll(async () => {
  t = await startTestNode([{ publicKeyHex: ED_KEY.publicKey.toHex(), balance: 10n ** 13n }]);
  eventsUrl = t.server.eventsUrl!;
});
afterAll(async () => {
  for (const s of streams) s.close();
  await t?.close();
});

describe("what a subscriber receives as the node runs", () => {
  let live: SseConnection;
  let deploy: ReturnType<typeof transferDeploy>;
  let events: { id?: string; data: any }[];

  beforeAll(async () => {
    live = await open();
    deploy = transferDeploy();
    await rpcResult(t.url, "account_put_deploy", { deploy: deploy.json });
    events = await live.waitForEvents(4);
  });

  it("ApiVersion first with no id, then TransactionAccepted, BlockAdded, TransactionProcessed with ids 0, 1, 2", () => {
    expect(live.status).toBe(200);
    expect(live.headers["content-type"]).toBe("text/event-stream");
    expect(live.headers["cache-control"]).toBe("no-cache");
    expect(live.frames[0].raw).toBe('data:{"ApiVersion":"2.0.0"}\n\n');
    expect(events.map((e) => [e.id, Object.keys(e.data)[0]])).toEqual([
      [undefined, "ApiVersion"],
      ["0", "TransactionAccepted"],
      ["1", "BlockAdded"],
      ["2", "TransactionProcessed"],
    ]);
    // the wire format warp writes: data line, then id line
    expect(live.frames[2].raw).toMatch(/^data:\{"BlockAdded":.*\}\nid:1\n\n$/);
  });

  it("each event holds the same JSON the node's RPC answers for that deploy and block", async () => {
    const info = await rpcResult(t.url, "info_get_deploy", { deploy_hash: deploy.hash });
    const block = await rpcResult(t.url, "chain_get_block", { block_identifier: { Hash: info.execution_info.block_hash } });
    expect(events[1].data).toEqual({ TransactionAccepted: { Deploy: deploy.json } });
    expect(events[2].data).toEqual({ BlockAdded: { block_hash: info.execution_info.block_hash, block: block.block_with_signatures.block } });
    expect(events[3].data).toEqual({
      TransactionProcessed: {
        transaction_hash: { Deploy: deploy.hash },
        initiator_addr: { PublicKey: ED_KEY.publicKey.toHex() },
        timestamp: NOW.toISOString(),
        ttl: "30m",
        block_hash: info.execution_info.block_hash,
        execution_result: info.execution_info.execution_result,
        messages: [],
      },
    });
  });

  it("every event has the shape of casper-node 2.0's SseData schema", () => {
    for (const e of events) expectNodeShape(e.data);
  });

  it("a TransactionV1 is announced as Version1, and its TransactionProcessed names it so", async () => {
    const signed = buildSessionWasm(plan({ transaction: true }), WASM, args());
    await rpcResult(t.url, "account_put_transaction", { transaction: { Version1: signed.json } });
    const all = await live.waitForEvents(7);
    const [accepted, added, processed] = all.slice(4);
    expect(accepted).toEqual({ id: "3", data: { TransactionAccepted: { Version1: signed.json } } });
    expect(added.id).toBe("4");
    expect(processed.data.TransactionProcessed.transaction_hash).toEqual({ Version1: signed.hash });
    expect(processed.data.TransactionProcessed.block_hash).toBe(added.data.BlockAdded.block_hash);
    for (const e of [accepted, added, processed]) expectNodeShape(e.data);
  });

  it("a refused deploy announces nothing", async () => {
    const before = live.events().length;
    const tooSmall = transferDeploy(1n); // below the native transfer minimum
    const answer = await (await fetch(t.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "account_put_deploy", params: { deploy: tooSmall.json } }) })).json();
    expect(answer.error.code).toBe(-32008);
    await sleep(50);
    expect(live.events().length).toBe(before);
  });
});

describe("casper-js-sdk 5 parses the events unchanged", () => {
  it("SseClient (Node, the eventsource package) receives every event, and the SDK's parsers read them", async () => {
    const client = new SseClient(eventsUrl);
    const received: InstanceType<typeof RawEvent>[] = [];
    for (const name of [EventName.APIVersionEventType, EventName.TransactionAcceptedEventType, EventName.BlockAddedEventType, EventName.TransactionProcessedEventType]) {
      client.subscribe(name, (event) => received.push(event));
    }
    client.start(0); // ?start_from=0: the 6 buffered events (ids 0-5), then live ones
    const deploy = transferDeploy(3_000_000_000n);
    try {
      await sleep(200);
      await rpcResult(t.url, "account_put_deploy", { deploy: deploy.json });
      const deadline = Date.now() + 5_000;
      while (received.length < 10 && Date.now() < deadline) await sleep(20);
    } finally {
      client.stop(); // before the node closes: the SDK's onerror throws
    }
    // ApiVersion, the 6 buffered events, and this deploy's three; the SDK hands each id through
    expect(received.map((e) => e.lastEventId)).toEqual(["", "0", "1", "2", "3", "4", "5", "6", "7", "8"]);
    expect(received[0].parseAsAPIVersionEvent().apiVersion).toBe("2.0.0");

    const processed = received.filter((e) => JSON.parse(e.data).TransactionProcessed).map((e) => e.parseAsTransactionProcessedEvent());
    expect(processed.map((p) => (p instanceof Error ? p.message : "ok"))).toEqual(["ok", "ok", "ok"]);
    const last = processed[2] as InstanceType<typeof sdk.TransactionProcessedEvent>;
    const info = await rpcResult(t.url, "info_get_deploy", { deploy_hash: deploy.hash });
    expect(last.transactionProcessedPayload.transactionHash.deploy?.toHex()).toBe(deploy.hash);
    expect(last.transactionProcessedPayload.blockHash.toHex()).toBe(info.execution_info.block_hash);
    expect(last.transactionProcessedPayload.initiatorAddr.publicKey?.toHex()).toBe(ED_KEY.publicKey.toHex());
    expect(last.transactionProcessedPayload.ttl).toBe("30m");
    expect(last.transactionProcessedPayload.executionResult.consumed).toBe(Number(info.execution_info.execution_result.Version2.consumed));
    expect(last.transactionProcessedPayload.executionResult.errorMessage ?? null).toBeNull();
    expect(last.transactionProcessedPayload.messages).toEqual([]);

    const blocks = received.filter((e) => JSON.parse(e.data).BlockAdded).map((e) => e.parseAsBlockAddedEvent());
    expect(blocks.at(-1)!.BlockAdded.blockHash).toBe(info.execution_info.block_hash);
    expect(blocks.at(-1)!.BlockAdded.block.height).toBe(info.execution_info.block_height);
    expect(blocks.map((b) => b.BlockAdded.block.height)).toEqual([1, 2, 3]);

    const accepted = received.filter((e) => JSON.parse(e.data).TransactionAccepted).map((e) => e.parseAsTransactionAcceptedEvent());
    const hashes = accepted.map((a) => (a instanceof Error ? a.message : a.transactionAcceptedPayload.transaction.hash.toHex()));
    expect(hashes[2]).toBe(deploy.hash);
    expect(hashes.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
  });

  it("the shapes the local node does not produce here (TransactionExpired, Fault, FinalitySignature, Shutdown; Step: see the era's end) are casper-node's", () => {
    const pk = ED_KEY.publicKey.toHex();
    const shapes: SseDataJson[] = [
      stepEvent(3, [{ key: "era-3", kind: "Identity" }]),
      transactionExpiredEvent({ Deploy: "ab".repeat(32) }),
      faultEvent(3, pk, 1_700_000_000_000n),
      finalitySignatureEvent({ block_hash: "cd".repeat(32), block_height: 7, era_id: 0, chain_name_hash: "ef".repeat(32), signature: `01${"11".repeat(64)}`, public_key: pk }),
      SHUTDOWN_EVENT,
    ];
    for (const data of shapes) expectNodeShape(data);
    const raw = (data: SseDataJson) => new RawEvent("message", JSON.stringify(data), "5");
    const expired = raw(shapes[1]).parseAsTransactionExpiredEvent();
    expect(expired instanceof Error ? expired.message : expired.transactionExpiredPayload.transactionHash.deploy?.toHex()).toBe("ab".repeat(32));
    const fault = raw(shapes[2]).parseAsFaultEvent();
    expect([fault.fault.eraID, fault.fault.publicKey.toHex(), fault.fault.timestamp.toJSON()]).toEqual([3, pk, "2023-11-14T22:13:20.000Z"]);
    const signature = raw(shapes[3]).parseAsFinalitySignatureEvent();
    expect(signature instanceof Error ? signature.message : [signature.finalitySignature.blockHeight, signature.finalitySignature.publicKey.toHex()]).toEqual([7, pk]);
    // casper-js-sdk 5.0.12 reads Step under a lowercase "step" key, so it finds nothing in the node's
    // `{"Step": ...}` (a limitation of the SDK; the shape is the node's, as the schema check shows)
    expect(raw(shapes[0]).parseAsStepEvent().step).toBeUndefined();
  });
});

describe("an era's end: Step with the auction step's effects, then BlockAdded for the switch block", () => {
  // casper-node 2.0 contract_runtime/utils.rs announces CommitStepSuccess { era_id, effects } (the
  // effects of operations.rs commit_step: slash and run_auction, not the rewards before them); the
  // main reactor turns it into SseData::Step { era_id, execution_effects }, before the block is
  // announced (BlockAdded)
  let node: TestNode;
  afterAll(async () => node?.close());

  it("local_node_advance_eras: Step (era id, effects in the 2.0 Effects JSON, the auction's new era id among them), then BlockAdded", async () => {
    node = await startTestNode([{ publicKeyHex: ED_KEY.publicKey.toHex(), balance: 10n ** 13n }]);
    const s = await openEventStream(node.server.eventsUrl!);
    streams.push(s);
    await s.waitForEvents(1); // ApiVersion
    const advanced = await rpcResult(node.url, "local_node_advance_eras", { count: 1 });
    const [, step, added] = await s.waitForEvents(3);
    for (const e of [step, added]) expectNodeShape(e.data);
    const switchBlock = advanced.switch_blocks[0];
    expect(Object.keys(step.data)).toEqual(["Step"]);
    expect(step.data.Step.era_id).toBe(switchBlock.era_id);
    // the auction's `era_id` named key now holds the next era: the step wrote it
    const auction = (await rpcResult(node.url, "query_global_state", { key: node.backend.engine.systemContract("auction"), path: [] })).stored_value.Contract;
    const eraIdURef = auction.named_keys.find((k: { name: string }) => k.name === "era_id").key as string;
    const effects = step.data.Step.execution_effects as { key: string; kind: any }[];
    expect(effects.length).toBeGreaterThan(0);
    expect(effects.filter((e) => e.key === `${eraIdURef.slice(0, 69)}-000`).map((e) => e.kind)).toEqual([{ Write: { CLValue: { cl_type: "U64", bytes: expect.any(String), parsed: switchBlock.era_id + 1 } } }]);
    // then the switch block, as chain_get_block shows it
    expect(added.data.BlockAdded.block_hash).toBe(switchBlock.hash);
    const block = (await rpcResult(node.url, "chain_get_block", { block_identifier: { Hash: switchBlock.hash } })).block_with_signatures.block;
    expect(added.data.BlockAdded.block).toEqual(block);
    expect(block.Version2.header.era_end).not.toBeNull();
  });
});

describe("resuming after a reconnect", () => {
  // by now the stream holds ids 0-8 (three deploys and a transaction, each accepted, added, processed)
  it("?start_from=N sends the buffered events from id N on, after ApiVersion", async () => {
    const s = await open(`${eventsUrl}?start_from=6`);
    const got = await s.waitForEvents(4);
    expect(got.map((e) => e.id)).toEqual([undefined, "6", "7", "8"]);
    await sleep(50);
    expect(s.events()).toHaveLength(4);
  });

  it("Last-Event-ID (what an EventSource sends when it reconnects) resumes just after that id, and wins over start_from", async () => {
    const s = await open(`${eventsUrl}?start_from=0`, { "last-event-id": "6" });
    const got = await s.waitForEvents(3);
    expect(got.map((e) => e.id)).toEqual([undefined, "7", "8"]);
    await sleep(50);
    expect(s.events()).toHaveLength(3);
  });

  it("a start past the newest event gives ApiVersion, then the live events only", async () => {
    const s = await open(`${eventsUrl}?start_from=1000`);
    await s.waitForEvents(1);
    await sleep(50);
    expect(s.events()).toHaveLength(1);
  });

  it("a bad query is refused with the node's 422 text", async () => {
    for (const query of ["?start_from=x", "?start_from=1&other=2", "?from=1", "?start_from=4294967296"]) {
      const s = await open(`${eventsUrl}${query}`);
      expect([s.status, s.body]).toEqual([422, "invalid query: expected single field 'start_from=<EVENT ID>'\n"]);
    }
  });

  it("other paths under /events are the node's 404; other methods 405", async () => {
    const s = await open(`${eventsUrl}/main`);
    expect([s.status, s.body]).toEqual([404, "invalid path: expected '/events'\n"]);
    const post = await fetch(eventsUrl, { method: "POST" });
    expect(post.status).toBe(405);
  });
});

// after the resumption tests, which count the ids before these
describe("contract messages (events) in TransactionProcessed", () => {
  it("a contract's emit_message reaches subscribers in `messages`, in casper-node's Message shape; a reverted call carries none", async () => {
    const s = await open(`${eventsUrl}?start_from=1000000`); // live events only
    await s.waitForEvents(1);
    const install = buildSessionWasm(plan({ paymentMotes: 20_000_000_000n, timestamp: new Date(NOW.getTime() + 10) }), messengerWasm(), args());
    await rpcResult(t.url, "account_put_deploy", { deploy: install.json });
    const contract = t.backend.engine.account("account-1").namedKeys.messenger.slice("hash-".length);
    const call = (entryPoint: string, ms: number) =>
      buildContractCall(plan({ paymentMotes: 5_000_000_000n, timestamp: new Date(NOW.getTime() + ms) }), { by: "hash", hash: contract }, entryPoint, args());
    const emit = call("emit_string", 11);
    const reverted = call("emit_then_revert", 12);
    await rpcResult(t.url, "account_put_deploy", { deploy: emit.json });
    await rpcResult(t.url, "account_put_deploy", { deploy: reverted.json });
    const all = await s.waitForEvents(10);
    const processed = (hash: string) => all.find((e) => e.data.TransactionProcessed?.transaction_hash.Deploy === hash)!.data;
    const topicHash = Buffer.from(blake2b(new TextEncoder().encode("events"), { dkLen: 32 })).toString("hex"); // TopicNameHash
    expect(processed(emit.hash).TransactionProcessed.messages).toEqual([
      { entity_addr: `entity-contract-${contract}`, message: { String: "hello" }, topic_name: "events", topic_name_hash: topicHash, topic_index: 0, block_index: 0 },
    ]);
    expect(processed(reverted.hash).TransactionProcessed.execution_result.Version2.error_message).toBe("User error: 1");
    expect(processed(reverted.hash).TransactionProcessed.messages).toEqual([]);
    for (const e of all) expectNodeShape(e.data);
  });
});

describe("the stream's own limits (a bare stream on a test server)", () => {
  let server: RunningRpcServer;
  let stream: EventStream;
  let logs: string[];
  const dispatcher = { call: async () => null };
  async function serve(options: Partial<ConstructorParameters<typeof EventStream>[0]>) {
    logs = [];
    stream = new EventStream({ apiVersion: "2.0.0", log: (l) => logs.push(l), ...options });
    server = await startRpcServer(dispatcher, 0, { events: stream, log: (l) => logs.push(l) });
    return server.eventsUrl!;
  }
  const step = (era: number): SseDataJson => stepEvent(era, []);

  it("the buffer keeps the last N events: an older start_from gets the whole buffer", async () => {
    const url = await serve({ bufferLength: 3 });
    for (let era = 0; era < 5; era++) stream.publish(step(era));
    expect(stream.bufferedIds()).toEqual([2, 3, 4]);
    const s = await open(`${url}?start_from=0`);
    expect((await s.waitForEvents(4)).map((e) => e.id)).toEqual([undefined, "2", "3", "4"]);
    s.close();
    await server.close();
  });

  it("events are serialized once a client needs them; the buffer is bounded in bytes of that text too", async () => {
    const url = await serve({ bufferBytes: 200 });
    for (let era = 0; era < 10; era++) stream.publish(stepEvent(era, [{ key: `era-${era}`, kind: "Identity" }]));
    expect(stream.bufferedIds()).toHaveLength(10); // nobody listened: nothing serialized, nothing to bound
    const s = await open(`${url}?start_from=0`);
    expect((await s.waitForEvents(11)).map((e) => e.id)).toEqual([undefined, ...Array.from({ length: 10 }, (_, i) => String(i))]);
    const kept = stream.bufferedIds();
    expect(kept.length).toBeLessThan(10);
    expect(kept.at(-1)).toBe(9);
    s.close();
    await server.close();
  });

  it("at most maxSubscribers: one more gets 503 'server has reached limit of subscribers'", async () => {
    const url = await serve({ maxSubscribers: 2 });
    const a = await open(url);
    const b = await open(url);
    const c = await open(url);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([c.status, c.body]).toEqual([503, "server has reached limit of subscribers"]);
    a.close();
    await sleep(50);
    const d = await open(url);
    expect(d.status).toBe(200);
    for (const s of [b, d]) s.close();
    await server.close();
  });

  it("keep-alive comments flow while no event does", async () => {
    const url = await serve({ keepAliveMs: 50 });
    const s = await open(url);
    await sleep(300);
    expect(s.frames.filter((f) => f.comment && f.raw === ":\n\n").length).toBeGreaterThanOrEqual(3);
    s.close();
    await server.close();
  });

  it("a client that stops reading is dropped once its backlog passes the limit; the others go on", async () => {
    const url = await serve({ maxBacklogBytes: 256 * 1024 });
    const stalled = await open(url);
    const reading = await open(url);
    await reading.waitForEvents(1);
    stalled.pause();
    const effects = [{ key: "x".repeat(64 * 1024), kind: "Identity" }];
    // 200 events of 64 KiB, a few ms apart: the reader keeps up, the stalled client's backlog grows
    for (let era = 0; era < 200; era++) {
      stream.publish(stepEvent(era, effects));
      await sleep(2);
    }
    await reading.waitForEvents(201, 10_000);
    expect(stream.subscriberCount).toBe(1);
    expect(logs.filter((l) => /fell behind/.test(l))).toEqual([expect.stringMatching(/^event stream: 127\.0\.0\.1:\d+ fell behind \(\d+ bytes unsent\): dropping it; it can resume after id \d+$/)]);
    reading.close();
    stalled.close();
    await server.close();
  });

  it("on close every client gets Shutdown with an id, then its stream ends; new clients are refused", async () => {
    const url = await serve({});
    stream.publish(step(1));
    const s = await open(url);
    await s.waitForEvents(1);
    const closing = server.close();
    await s.ended;
    await closing;
    expect(s.frames.at(-1)!.raw).toBe('data:"Shutdown"\nid:1\n\n');
    expect(logs).toEqual([]);
  });
});
