// Random bytes for identifiers stamped on every request (trace ids, request ids): one
// randomFillSync per 4 KiB instead of one per identifier, as node's own randomUUID does. A
// synchronous randomBytes call per request showed up among the front doors' hot spots (B2 profile).
import { randomFillSync } from "node:crypto";

const POOL_BYTES = 4096;

export class RandomBytesPool {
  readonly #pool = Buffer.allocUnsafe(POOL_BYTES);
  #offset = POOL_BYTES;

  /** `bytes` fresh random bytes as lower-case hex. */
  hex(bytes: number): string {
    return this.#take(bytes).toString("hex");
  }

  /** `bytes` fresh random bytes as base64url (no padding). */
  base64url(bytes: number): string {
    return this.#take(bytes).toString("base64url");
  }

  /** A view valid until the next call: callers encode it at once. */
  #take(bytes: number): Buffer {
    if (bytes > POOL_BYTES) throw new RangeError(`at most ${POOL_BYTES} random bytes at a time`);
    if (this.#offset + bytes > POOL_BYTES) {
      randomFillSync(this.#pool);
      this.#offset = 0;
    }
    const view = this.#pool.subarray(this.#offset, this.#offset + bytes);
    this.#offset += bytes;
    return view;
  }
}
