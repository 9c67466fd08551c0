// The trie store's queue (host/state/lmdb/queue.ts): first in, first out, across the compactions
// that drop its taken entries, against an array used as a queue.
import { describe, expect, it } from "vitest";
import { Queue } from "../host/state/lmdb/queue.ts";

describe("Queue", () => {
  it("gives back what was pushed, in order, across compactions, as an array's shift does", () => {
    const q = new Queue<number>();
    const reference: number[] = [];
    let next = 0;
    let s = 7;
    const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let step = 0; step < 20_000; step++) {
      if (rand() < 0.55) {
        q.push(next);
        reference.push(next++);
      } else {
        expect(q.shift()).toBe(reference.shift());
      }
      expect(q.size).toBe(reference.length);
      expect(q.first).toBe(reference[0]);
    }
    while (reference.length) expect(q.shift()).toBe(reference.shift());
    expect(q.shift()).toBeUndefined();
    expect(q.first).toBeUndefined();
    expect(q.size).toBe(0);
  });
});
