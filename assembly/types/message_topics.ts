// Message topics a contract registers at install or upgrade: casper-node 2.0
// BTreeMap<String, MessageTopicOperation> (types/src/contract_messages/topics.rs; Add = 0, the only
// operation), u32 count + (name String, operation u8) pairs, written as they are added. The host reads
// them into a BTreeMap (no order check), so the order does not matter; a repeated name counts once.
import { Writer } from "../bytes/writer";
import { nameBytes } from "../bytes/names";

export namespace MessageTopicOperation {
  /** register the topic (casper-node 2.0 topics.rs TOPIC_OPERATION_ADD_TAG) */
  export const Add: u8 = 0;
}

@final @unmanaged
export class MessageTopics {
  /** Writer: u32 count, then (name, operation) pairs (an address, as in EntryPoints) */
  private bytesPtr: usize;
  length: u32;

  constructor() {
    const topics = changetype<MessageTopics>(heap.alloc(offsetof<MessageTopics>()));
    topics.bytesPtr = changetype<usize>(new Writer().zeros(4));
    return topics;
  }

  /** u32 count, then (name, operation) pairs */
  get bytes(): Writer {
    return changetype<Writer>(this.bytesPtr);
  }

  /** Registers topic `name`; returns this. */
  // @ts-ignore: decorator (inlined so that a literal name is pre-encoded by the build)
  @inline add(name: string): MessageTopics {
    return this.addNamed(nameBytes(name));
  }

  addNamed(name: usize): MessageTopics {
    const w = this.bytes;
    w.name(name).u8(MessageTopicOperation.Add);
    this.length++;
    w.patchU32(0, this.length);
    return this;
  }

  encode(w: Writer): void {
    w.bytes(this.bytes.ptr, this.bytes.len);
  }
}
