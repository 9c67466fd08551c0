// The example dApp's page: casper-js-sdk in the browser against the local node, on another origin than
// the node (so every call is a CORS request). It shows the account's balance, sends a native transfer
// and calls keys_manager's set_key_weight (both signed in the page with the development key it was
// given; a real dApp asks a wallet to sign), and lists the node's events live (EventSource on /events).
import sdk from "casper-js-sdk";
import type { Deploy as SdkDeploy, PrivateKey as SdkPrivateKey, PublicKey as SdkPublicKey } from "casper-js-sdk";
import type { DappConfig } from "./setup.ts";

const { RpcClient, HttpHandler, PrivateKey, PublicKey, KeyAlgorithm, PurseIdentifier, Args, CLValue, Timestamp } = sdk;
const { NativeTransferBuilder, ContractCallBuilder, RawEvent } = sdk;

const $ = (id: string) => document.getElementById(id)!;
const short = (hex: string) => `${hex.slice(0, 8)}…${hex.slice(-6)}`;
const MOTES_PER_CSPR = 1_000_000_000n;

function cspr(motes: bigint): string {
  const whole = motes / MOTES_PER_CSPR;
  const fraction = (motes % MOTES_PER_CSPR).toString().padStart(9, "0").replace(/0+$/, "");
  return `${whole.toLocaleString("en-US")}${fraction ? `.${fraction}` : ""} CSPR`;
}

function showError(what: string, e: unknown, config?: DappConfig) {
  const message = (e as Error)?.message ?? String(e);
  const hint = /fetch/i.test(message) && config
    ? ` — is the node running, and does it allow this page's origin (${location.origin})? See npm run node -- --cors-origin.`
    : "";
  $("error").textContent = `${what}: ${message}${hint}`;
}

/** Transactions the page sent, settled by the TransactionProcessed event for their hash. */
const processed = new Map<string, (event: { blockHash: string; errorMessage: string | null }) => void>();

async function main() {
  const name = new URLSearchParams(location.search).get("config");
  const config: DappConfig = await (await fetch(`/dapp-config.json${name ? `?config=${encodeURIComponent(name)}` : ""}`)).json();
  const rpc = new RpcClient(new HttpHandler(config.nodeUrl, "fetch"));
  const key: SdkPrivateKey = PrivateKey.fromPem(config.account.secretKeyPem, KeyAlgorithm.ED25519);
  const recipient: SdkPublicKey = PublicKey.fromHex(config.recipient.publicKey);
  $("dev-key-name").textContent = config.account.name;
  $("account").textContent = config.account.publicKey;
  $("transfer-note").textContent = `${cspr(BigInt(config.transfer.amountMotes))} to ${config.recipient.name} (${short(config.recipient.publicKey)})`;
  $("keys-manager-note").textContent = `${config.keysManager.entryPoint}(${config.recipient.name}, ${config.keysManager.weight}) on the contract under the account's named key '${config.keysManager.namedKey}'`;

  subscribe(config);

  try {
    const status = await rpc.getStatus();
    $("node").textContent = `${config.nodeUrl} · chain ${status.chainSpecName} · block `;
    $("node").append(Object.assign(document.createElement("span"), { id: "height", textContent: String(status.lastAddedBlockInfo.height) }));
  } catch (e) {
    $("node").textContent = `${config.nodeUrl} · unreachable`;
    showError("cannot reach the node", e, config);
    return;
  }
  await refreshBalance(rpc, key.publicKey);

  const transferButton = $("send-transfer") as HTMLButtonElement;
  transferButton.disabled = false;
  transferButton.onclick = async () => {
    transferButton.disabled = true;
    const tx = new NativeTransferBuilder()
      .from(key.publicKey)
      .target(recipient)
      .amount(config.transfer.amountMotes)
      .id(Date.now())
      .chainName(config.chainName)
      .payment(Number(config.transfer.paymentMotes))
      .timestamp(new Timestamp(new Date()))
      .buildFor1_5(); // a legacy Deploy, which Casper 2.0 nodes take as they take TransactionV1s
    tx.sign(key);
    await send(rpc, tx.getDeploy()!, $("transfer-result"));
    await refreshBalance(rpc, key.publicKey);
    transferButton.disabled = false;
  };

  const keysButton = $("call-keys-manager") as HTMLButtonElement;
  keysButton.disabled = false;
  keysButton.onclick = async () => {
    keysButton.disabled = true;
    const tx = new ContractCallBuilder()
      .from(key.publicKey)
      .byName(config.keysManager.namedKey)
      .entryPoint(config.keysManager.entryPoint)
      .runtimeArgs(Args.fromMap({ account: CLValue.newCLPublicKey(recipient), weight: CLValue.newCLUint8(config.keysManager.weight) }))
      .chainName(config.chainName)
      .payment(Number(config.keysManager.paymentMotes))
      .timestamp(new Timestamp(new Date()))
      .buildFor1_5();
    tx.sign(key);
    if (await send(rpc, tx.getDeploy()!, $("keys-manager-result"))) await showAssociatedKeys(rpc, key.publicKey, recipient);
    await refreshBalance(rpc, key.publicKey);
    keysButton.disabled = false;
  };
}

async function refreshBalance(rpc: InstanceType<typeof RpcClient>, account: SdkPublicKey) {
  try {
    const motes = BigInt((await rpc.queryLatestBalance(PurseIdentifier.fromPublicKey(account))).balance.toString());
    $("balance").textContent = cspr(motes);
    $("balance").dataset.motes = motes.toString();
  } catch (e) {
    showError("cannot read the balance", e);
  }
}

/** Sends a signed deploy, then waits for its TransactionProcessed event (or reads the result back). */
async function send(rpc: InstanceType<typeof RpcClient>, deploy: SdkDeploy, out: HTMLElement): Promise<boolean> {
  const hash = deploy.hash.toHex();
  out.className = "result";
  out.textContent = `sent ${short(hash)}, waiting for its block…`;
  out.dataset.deployHash = hash;
  const settled = new Promise<{ blockHash: string; errorMessage: string | null }>((resolve) => processed.set(hash, resolve));
  try {
    await rpc.putDeploy(deploy);
    // the event usually comes first; a node without events (or a lost stream) is polled
    const result = await Promise.race([settled, poll(rpc, hash)]);
    const info = await rpc.getDeploy(hash);
    const height = info.executionInfo?.blockHeight;
    const cost = BigInt(info.executionInfo?.executionResult.cost ?? 0);
    out.dataset.blockHeight = String(height);
    out.dataset.blockHash = result.blockHash;
    if (result.errorMessage) {
      out.className = "result failed";
      out.textContent = `${short(hash)} failed in block #${height}: ${result.errorMessage}`;
      return false;
    }
    out.className = "result ok";
    out.textContent = `${short(hash)} executed in block #${height} (${short(result.blockHash)}), cost ${cspr(cost)}`;
    return true;
  } catch (e) {
    out.className = "result failed";
    out.textContent = `${short(hash)}: ${(e as Error).message}`;
    return false;
  } finally {
    processed.delete(hash);
  }
}

async function poll(rpc: InstanceType<typeof RpcClient>, hash: string): Promise<{ blockHash: string; errorMessage: string | null }> {
  for (;;) {
    await new Promise((r) => setTimeout(r, 1_000));
    const info = await rpc.getDeploy(hash).catch(() => undefined);
    if (info?.executionInfo) return { blockHash: info.executionInfo.blockHash.toHex(), errorMessage: info.executionInfo.executionResult.errorMessage ?? null };
  }
}

async function showAssociatedKeys(rpc: InstanceType<typeof RpcClient>, account: SdkPublicKey, recipient: SdkPublicKey) {
  const { account: info } = await rpc.getAccountInfo(null, { publicKey: account } as never);
  const list = $("associated-keys");
  list.replaceChildren(
    ...info.associatedKeys.map((k) => {
      const li = document.createElement("li");
      const hash = k.accountHash.toPrefixedString();
      const who = hash === recipient.accountHash().toPrefixedString() ? " (recipient)" : hash === account.accountHash().toPrefixedString() ? " (this account)" : "";
      li.textContent = `${short(hash.replace("account-hash-", ""))}${who}: weight ${k.weight}`;
      li.dataset.accountHash = hash;
      li.dataset.weight = String(k.weight);
      return li;
    }),
  );
}

/** The node's events, newest first, parsed with casper-js-sdk's event parsers. */
function subscribe(config: DappConfig) {
  const list = $("events");
  const state = $("stream-state");
  const source = new EventSource(config.eventsUrl);
  source.onopen = () => (state.textContent = "live");
  // EventSource reconnects by itself, sending the last id it saw (Last-Event-ID): the node resumes there
  source.onerror = () => (state.textContent = source.readyState === EventSource.CLOSED ? "closed" : "reconnecting…");
  source.onmessage = (message) => {
    const data = JSON.parse(message.data);
    const type = typeof data === "string" ? data : Object.keys(data)[0];
    const raw = new RawEvent(type, message.data, message.lastEventId);
    let summary = "";
    if (type === "ApiVersion") summary = `API ${raw.parseAsAPIVersionEvent().apiVersion}`;
    else if (type === "BlockAdded") {
      const { blockHash, block } = raw.parseAsBlockAddedEvent().BlockAdded;
      summary = `block #${block.height} ${short(blockHash)}`;
      const height = document.getElementById("height");
      if (height) height.textContent = String(block.height);
    } else if (type === "TransactionAccepted") {
      const event = raw.parseAsTransactionAcceptedEvent();
      if (!(event instanceof Error)) summary = short(event.transactionAcceptedPayload.transaction.hash.toHex());
    } else if (type === "TransactionProcessed") {
      const event = raw.parseAsTransactionProcessedEvent();
      if (!(event instanceof Error)) {
        const p = event.transactionProcessedPayload;
        const hash = (p.transactionHash.deploy ?? p.transactionHash.transactionV1)!.toHex();
        const errorMessage = p.executionResult.errorMessage ?? null;
        summary = `${short(hash)} in ${short(p.blockHash.toHex())}: ${errorMessage ?? "success"}`;
        processed.get(hash)?.({ blockHash: p.blockHash.toHex(), errorMessage });
      }
    }
    const li = document.createElement("li");
    li.dataset.type = type;
    li.dataset.id = message.lastEventId;
    li.innerHTML = `<span class="id"></span><span class="type"></span><span class="summary"></span>`;
    li.querySelector(".id")!.textContent = message.lastEventId ? `#${message.lastEventId}` : "";
    li.querySelector(".type")!.textContent = type;
    li.querySelector(".summary")!.textContent = summary;
    list.prepend(li);
    while (list.children.length > 50) list.lastElementChild!.remove();
  };
}

main().catch((e) => showError("the page failed", e));
