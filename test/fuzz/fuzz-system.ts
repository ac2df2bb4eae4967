// What the fuzzer needs from a reference system: its ways in, its routes, and how to tell it still
// serves. A system adds a file in systems/ that returns one of these; the machinery is shared.
import type * as fc from "fast-check";
import type { EndpointsFile } from "../../src/local/endpoints-file.js";
import type { Way } from "./raw-http.js";

/** A way in to the system's front doors, as a client inside (or outside) a VPC has it. */
export interface Door {
  /** E.g. `consumer entry point → food.cross-account-microservices.com (ALB)`. */
  readonly name: string;
  readonly way: Way;
  /** The Host header a well-behaved client sends through this door. */
  readonly host: string;
}

/** One route of the system's APIs: its method and arbitraries for a near-valid path, query and body. */
export interface Route {
  /** E.g. `food POST /v1/orders`. */
  readonly name: string;
  readonly method: string;
  readonly path: fc.Arbitrary<string>;
  /** The query string without `?` (may be empty). */
  readonly query?: fc.Arbitrary<string>;
  /** Strings are sent as UTF-8; bytes as they are. */
  readonly body?: fc.Arbitrary<string | Uint8Array>;
  readonly contentType?: string;
  /** Headers the route understands (e.g. Idempotency-Key), as [name, value arbitrary]. */
  readonly headers?: readonly (readonly [string, fc.Arbitrary<string>])[];
  /** The doors this route is served through (default: every door). */
  readonly doors?: readonly string[];
}

/** A running reference system, ready to be fuzzed. */
export interface FuzzSystem {
  readonly name: string;
  readonly doors: readonly Door[];
  readonly routes: readonly Route[];
  /** Host names a client may put in Host (the system's own names, for mixing them up). */
  readonly hostNames: readonly string[];
  /** The local AWS endpoint and the accounts whose administrators the AWS fuzz signs as. */
  readonly endpoints: EndpointsFile;
  /** Accounts whose administrators may call write operations (no reference data of the system there). */
  readonly scratchAccounts: readonly string[];
  /** Names of the system's own resources (tables, secrets, keys), for near-valid AWS calls. */
  readonly resourceNames: readonly string[];
  /** Throws unless the system still serves a valid request end to end (e.g. places and reads an order). */
  stillServes(): Promise<void>;
  stop(): Promise<void>;
}
