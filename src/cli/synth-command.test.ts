import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadAssembly } from "../local/index.js";
import { stackListing } from "./synth-command.js";

const CDK_OUT = fileURLToPath(new URL("../../cdk.out", import.meta.url));

describe("accountmesh synth's listing of the project's own cdk.out", () => {
  it("lists every top-level stack in deploy order, then the pipeline's stage with its stacks, not run locally", async () => {
    const listing = stackListing(await loadAssembly(CDK_OUT));
    expect(listing.map((line) => line.trim().split(/\s+/)[0])).toEqual([
      "OrdersConsumer",
      "OrdersFood",
      "OrdersBeverage",
      "FlightsBooking",
      "FlightsAirmiles",
      "FlightsWeb",
      "FlightsPipeline",
      "DirectoryShared",
      "DirectoryBlue",
      "DirectoryGreen",
      "ProvidersDogNames",
      "ProvidersTodo",
      "ProvidersGlobal",
      "stage",
    ]);
    expect(listing).toContain("  FlightsPipeline  account 777777777777  eu-central-1");
    expect(listing).toContain(
      "  FlightsWeb       account 666666666666  eu-central-1  (after FlightsBooking, FlightsAirmiles)",
    );
    expect(listing.at(-1)).toBe(
      "  stage FlightsPipeline/Prod: Prod-FlightsBooking, Prod-FlightsAirmiles, Prod-FlightsWeb  (deployed by a CDK pipeline; not run locally)",
    );
  });
});
