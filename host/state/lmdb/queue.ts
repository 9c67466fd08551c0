// A first-in, first-out queue for the trie store's records kept by block.
/**
 * First in, first out, without Array.prototype.shift: an array of more than a few thousand entries
 * lives where V8 cannot trim it from the front, and each shift moves every entry (a CPU profile of the
 * node showed 5% of its samples there).
 */
export class Queue<T> {
  private items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  get first(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    (this.items as (T | undefined)[])[this.head++] = undefined;
    // the taken half dropped at once: each entry is moved once on average
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
