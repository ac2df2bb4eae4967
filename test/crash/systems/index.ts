// The reference systems the crash scenario writes to: a system that lands adds its workload here.
import type { CrashWorkload } from "../crash-scenario.js";
import { flightsCrashWorkload, resetFlightsClients } from "./flights.js";
import { ordersCrashWorkload, resetOrdersClients } from "./orders.js";

export interface CrashSystem {
  // biome-ignore lint/suspicious/noExplicitAny: each system has its own acknowledgement type
  readonly workload: CrashWorkload<any>;
  /** Forgets connections to the killed runtime. */
  readonly reset: () => void;
}

export const CRASH_SYSTEMS: Readonly<Record<string, CrashSystem>> = {
  orders: { workload: ordersCrashWorkload, reset: resetOrdersClients },
  flights: { workload: flightsCrashWorkload, reset: resetFlightsClients },
};
