// VPC Lattice through its front door: reachability only from VPCs associated with a network that
// carries the service, listener rules (method, path, headers, priority, weighted forward, fixed
// response), LAMBDA targets with the V1 and V2 events, and the headers Lattice strips and adds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRequest, LocalResponse } from "../../../http/http-types.js";
import type { ServiceNetworkDoor } from "../../../network/front-door-registry.js";
import type { PlatformUnderTest } from "../../../runtime/platform.test-support.js";
import {
  CLIENT,
  eventOf,
  type LatticeWorld,
  OWNER,
  REGION,
  startLatticeWorld,
} from "./vpclattice.test-support.js";

let world: PlatformUnderTest;
let door: ServiceNetworkDoor;
let vpcs: LatticeWorld["vpcs"];
let services: LatticeWorld["services"];
let groups: LatticeWorld["groups"];
let send: (name: string, from: string, url?: string, init?: Partial<LocalRequest>) => Promise<LocalResponse>;

beforeAll(async () => {
  ({ world, door, vpcs, services, groups, send } = await startLatticeWorld());
}, 60_000);

afterAll(async () => {
  await world?.stop();
});

describe("reachability", () => {
  it("a service's DNS name is AWS's format and reaches it only from VPCs associated with a network carrying it", () => {
    expect(services.guarded?.dns).toMatch(
      /^guarded-[0-9a-f]{17}\.[0-9a-f]{7}\.vpc-lattice-svcs\.eu-central-1\.on\.aws$/,
    );
    expect(door.reach(vpcs.ClientVpc?.id, services.guarded?.dns ?? "")).toEqual({ reachable: true });
    const refused = door.reach(vpcs.OwnerVpc?.id, services.guarded?.dns ?? "");
    expect(refused).toMatchObject({ reachable: false });
    expect(refused?.reachable === false && refused.message).toContain("associated with no service network");
    expect(door.reach(undefined, services.guarded?.dns ?? "")).toMatchObject({ reachable: false });
    expect(door.reach(vpcs.ClientVpc?.id, "example.com")).toBeUndefined();
  });
});

describe("listener rules", () => {
  it("the default action forwards by weight (3:1) to LAMBDA targets with the V2 event", async () => {
    const seen: string[] = [];
    for (let i = 0; i < 8; i++) {
      const event = eventOf(await send("routed", "ClientVpc", "/items?a=1&a=2&b=x"));
      seen.push(
        String((event.requestContext as Record<string, unknown>).targetGroupArn)
          .split("/")
          .at(-1) ?? "",
      );
    }
    expect(seen.filter((id) => id === groups.v2)).toHaveLength(6);
    expect(seen.filter((id) => id === groups.v2b)).toHaveLength(2);
    const event = eventOf(
      await send("routed", "ClientVpc", "/items?a=1&a=2&b=x", { headers: { "x-multi": ["1", "2"] } }),
    );
    expect(event).toMatchObject({
      version: "2.0",
      path: "/items",
      method: "GET",
      queryStringParameters: { a: ["1", "2"], b: ["x"] },
      isBase64Encoded: false,
      requestContext: {
        serviceArn: services.routed?.arn,
        region: REGION,
        identity: {
          sourceVpcArn: `arn:aws:ec2:${REGION}:${CLIENT}:vpc/${vpcs.ClientVpc?.id}`,
          type: "ANONYMOUS",
        },
      },
    });
    expect((event.headers as Record<string, unknown>)["x-multi"]).toEqual(["1", "2"]);
    expect(String((event.requestContext as Record<string, unknown>).timeEpoch)).toMatch(/^\d{16}$/);
  });

  it("a rule matches path prefix and header (case-insensitive by default) by priority: the V1 event", async () => {
    const event = eventOf(
      await send("routed", "ClientVpc", "/V1/things?x=1&x=2", {
        headers: { "x-version": ["ONE"], "x-multi": ["a", "b"] },
      }),
    );
    expect(event).toMatchObject({
      raw_path: "/V1/things?x=1&x=2",
      method: "GET",
      query_string_parameters: { x: "2" },
      is_base64_encoded: false,
    });
    expect((event.headers as Record<string, unknown>)["x-multi"]).toBe("a, b");
    // Without the header the rule does not match: the default action.
    expect(eventOf(await send("routed", "ClientVpc", "/v1/things")).version).toBe("2.0");
  });

  it("a fixed response answers without a target; the lower priority wins", async () => {
    const response = await send("routed", "ClientVpc", "/v1/things", {
      method: "POST",
      headers: { "x-version": ["one"] },
    });
    expect(response.status).toBe(404);
    expect(response.body).toBe("");
  });

  it("a binary body reaches the function base64-encoded", async () => {
    const event = eventOf(
      await send("routed", "ClientVpc", "/upload", {
        method: "PUT",
        headers: { "content-type": ["application/octet-stream"] },
        body: Buffer.from([0, 1, 2]),
      }),
    );
    expect(event).toMatchObject({ body: "AAEC", isBase64Encoded: true });
  });
});

describe("headers", () => {
  it("x-amzn-lattice-* and forwarding headers a client sends are dropped; Lattice's own reach the target", async () => {
    const event = eventOf(
      await send("routed", "ClientVpc", "/", {
        headers: {
          "x-amzn-lattice-network": [`SourceVpcArn=arn:aws:ec2:${REGION}:${OWNER}:vpc/vpc-forged`],
          "x-amzn-lattice-identity": ["Principal=arn:aws:iam::1:root; Type=AWS_IAM"],
          "x-forwarded-for": ["1.2.3.4"],
          forwarded: ["for=1.2.3.4"],
        },
      }),
    );
    const headers = event.headers as Record<string, string[]>;
    expect(headers["x-amzn-lattice-network"]).toEqual([
      `SourceVpcArn=arn:aws:ec2:${REGION}:${CLIENT}:vpc/${vpcs.ClientVpc?.id}`,
    ]);
    expect(headers["x-amzn-lattice-identity"]).toEqual(["Type=ANONYMOUS"]);
    expect(headers["x-forwarded-for"]).toEqual(["10.1.0.25"]);
    expect(headers.forwarded).toBeUndefined();
    expect(headers["x-amzn-lattice-target"]?.[0]).toContain(`ServiceArn=${services.routed?.arn}`);
  });
});
