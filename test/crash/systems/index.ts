// The reference systems the crash scenario writes to: a system that lands adds its workload here.
import type { CrashWorkload } from "../crash-scenario.js";
import { flightsCrashWorkload, resetFlightsClients } from "./flights.js";
import { ordersCrashWorkload, resetOrdersClients } from "./orders.js";

export interface CrashSystem {
  // biome-ignore lint/suspicious/noExplicitAny: each system has its own acknowledgement type
  readonly workload: CrashWorkload<any>;
  /** Forgets connections to the killed runtime. */
  readonly reset: () => void;
  /** The kill is sent once this many writes are acknowledged (32 more are in flight then). */
  readonly killAfter: number;
}

export const CRASH_SYSTEMS: Readonly<Record<string, CrashSystem>> = {
  orders: { workload: ordersCrashWorkload, reset: resetOrdersClients, killAfter: 150 },
  // The seed's acceptance: kill -9 during 500 bookings, every acknowledged one gets its airmiles.
  flights: { workload: flightsCrashWorkload, reset: resetFlightsClients, killAfter: 500 },
};
