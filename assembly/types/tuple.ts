// Tuple1/2/3: the fields' bytesrepr one after the other.
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { encode, decode, writeCLType, equals } from "../bytes/codec";
import { CLTypeTag } from "./cl_type";

@unmanaged
export class Tuple1<A> {
  constructor(public first: A) {}

  equals(other: Tuple1<A>): bool {
    return equals<A>(this.first, other.first);
  }

  // ---- CL value protocol (see bytes/codec.ts) ----
  encode(w: Writer): void {
    encode<A>(w, this.first);
  }
  cltype(w: Writer): void {
    w.u8(CLTypeTag.Tuple1);
    writeCLType<A>(w);
  }
  decodeFrom(r: Reader): Tuple1<A> {
    return new Tuple1<A>(decode<A>(r));
  }
}

@unmanaged
export class Tuple2<A, B> {
  constructor(public first: A, public second: B) {}

  equals(other: Tuple2<A, B>): bool {
    return equals<A>(this.first, other.first) && equals<B>(this.second, other.second);
  }

  // ---- CL value protocol (see bytes/codec.ts) ----
  encode(w: Writer): void {
    encode<A>(w, this.first);
    encode<B>(w, this.second);
  }
  cltype(w: Writer): void {
    w.u8(CLTypeTag.Tuple2);
    writeCLType<A>(w);
    writeCLType<B>(w);
  }
  decodeFrom(r: Reader): Tuple2<A, B> {
    const a = decode<A>(r);
    return new Tuple2<A, B>(a, decode<B>(r));
  }
}

@unmanaged
export class Tuple3<A, B, C> {
  constructor(public first: A, public second: B, public third: C) {}

  equals(other: Tuple3<A, B, C>): bool {
    return equals<A>(this.first, other.first) && equals<B>(this.second, other.second) && equals<C>(this.third, other.third);
  }

  // ---- CL value protocol (see bytes/codec.ts) ----
  encode(w: Writer): void {
    encode<A>(w, this.first);
    encode<B>(w, this.second);
    encode<C>(w, this.third);
  }
  cltype(w: Writer): void {
    w.u8(CLTypeTag.Tuple3);
    writeCLType<A>(w);
    writeCLType<B>(w);
    writeCLType<C>(w);
  }
  decodeFrom(r: Reader): Tuple3<A, B, C> {
    const a = decode<A>(r);
    const b = decode<B>(r);
    return new Tuple3<A, B, C>(a, b, decode<C>(r));
  }
}
