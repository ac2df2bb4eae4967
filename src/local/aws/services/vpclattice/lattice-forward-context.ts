// What a target forwarder receives: the request as the target sees it, and where it came from.
import type { LocalRequest } from "../../../http/http-types.js";
import type { LatticeService, LatticeTargetGroup, ServiceNetwork } from "./lattice-state.js";

/** What a forwarder gets: the request as the target sees it, and where it came from. */
export interface ForwardContext {
  readonly request: LocalRequest;
  readonly path: string;
  readonly query: readonly (readonly [string, string])[];
  readonly service: LatticeService;
  readonly network: ServiceNetwork;
  readonly group: LatticeTargetGroup;
  /** The V2 event's `requestContext.identity`. */
  readonly identity: Readonly<Record<string, string>>;
  readonly requestId: string;
}

/** A target the group cannot reach (Lattice answers 502/503 itself). */
export class TargetError extends Error {
  constructor(
    readonly status: 502 | 503,
    message: string,
  ) {
    super(message);
    this.name = "TargetError";
  }
}
