// The reference systems the fuzz suite runs against: a system that lands adds one line here (and
// its file in this directory), nothing else.
import type { FuzzSystem } from "../fuzz-system.js";
import { startDirectoryFuzzSystem } from "./directory.js";
import { startFlightsFuzzSystem } from "./flights.js";
import { startOrdersFuzzSystem } from "./orders.js";
import { startProvidersFuzzSystem } from "./providers.js";

export const FUZZ_SYSTEMS: Readonly<Record<string, () => Promise<FuzzSystem>>> = {
  orders: startOrdersFuzzSystem,
  flights: startFlightsFuzzSystem,
  directory: startDirectoryFuzzSystem,
  providers: startProvidersFuzzSystem,
};
