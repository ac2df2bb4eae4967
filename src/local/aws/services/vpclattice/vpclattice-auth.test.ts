// VPC Lattice's auth: the network's then the service's auth policy (NONE skips, AWS_IAM without a
// policy denies), anonymous and signed callers (the identity policy must allow too), explicit Deny,
// denials in AWS's words and in the log; RAM deciding which accounts may associate a VPC.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedLocalRequest } from "../../../../../test/support/signed-local-request.js";
import { isAccountmeshError } from "../../../../shared/errors.js";
import type { LocalRequest, LocalResponse } from "../../../http/http-types.js";
import type { AwsCredentials } from "../../../iam/types.js";
import type { ServiceNetworkDoor } from "../../../network/front-door-registry.js";
import type { PlatformUnderTest } from "../../../runtime/platform.test-support.js";
import {
  CLIENT,
  type LatticeWorld,
  OWNER,
  REGION,
  STRANGER,
  startLatticeWorld,
  stranger,
} from "./vpclattice.test-support.js";

let world: PlatformUnderTest;
let door: ServiceNetworkDoor;
let vpcs: LatticeWorld["vpcs"];
let services: LatticeWorld["services"];
let signedAllowed: AwsCredentials;
let signedDenied: AwsCredentials;
let log: string[];
let send: (name: string, from: string, url?: string, init?: Partial<LocalRequest>) => Promise<LocalResponse>;

beforeAll(async () => {
  ({ world, door, vpcs, services, signedAllowed, signedDenied, log, send } = await startLatticeWorld());
}, 60_000);

afterAll(async () => {
  await world?.stop();
});

describe("auth policies", () => {
  it("AWS_IAM admits an anonymous caller the auth policy allows (condition keys from the path taken)", async () => {
    expect((await send("guarded", "ClientVpc", "/any/path")).status).toBe(200);
  });

  it("denies what no statement allows, in AWS's words, and logs the reason", async () => {
    const response = await send("guarded", "ClientVpc", "/a", { method: "DELETE" });
    expect(response.status).toBe(403);
    expect(response.body).toBe(
      `AccessDeniedException: User: anonymous is not authorized to perform: vpc-lattice-svcs:Invoke on resource: ${services.guarded?.arn}/a because no service-based policy allows the vpc-lattice-svcs:Invoke action`,
    );
    expect(log.some((line) => line.includes("DELETE /a") && line.includes("no service-based policy"))).toBe(
      true,
    );
  });

  it("an explicit Deny on a request header wins", async () => {
    const response = await send("guarded", "ClientVpc", "/", { headers: { "x-block": ["1"] } });
    expect(response.status).toBe(403);
    expect(response.body).toContain("with an explicit deny in a service-based policy");
  });

  it("AWS_IAM without an auth policy denies everything", async () => {
    expect((await send("unpoliced", "ClientVpc")).status).toBe(403);
  });

  it("an AWS_IAM network's policy is evaluated first, then the service's (NONE skips)", async () => {
    const blocked = await send("routed", "GatedVpc", "/");
    expect(blocked.status).toBe(403);
    expect(blocked.body).toContain("because no network-based policy allows");
    expect((await send("routed", "GatedVpc", "/?pass=yes")).status).toBe(200);
    // The network lets it through, the service's policy (owner CLIENT, GET) too.
    expect((await send("guarded", "GatedVpc", "/?pass=yes")).status).toBe(200);
  });

  it("a signed caller needs its identity policy to allow too; a bad signature is refused", async () => {
    const signed = async (credentials: AwsCredentials) => {
      const base = await signedLocalRequest({
        credentials,
        service: "vpc-lattice-svcs",
        region: REGION,
        at: new Date(),
        method: "GET",
        url: "/x",
        host: services.guarded?.dns ?? "",
        headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
      });
      const listener = door.listeners().find((l) => l.host === services.guarded?.dns);
      return listener?.handler({
        ...base,
        source: { vpc: vpcs.ClientVpc, sourceIp: "10.1.0.25", via: ["test"] },
      });
    };
    const allowed = await signed(signedAllowed);
    expect(allowed?.status).toBe(200);
    const identity = (
      JSON.parse(String(allowed?.body)) as { requestContext: { identity: Record<string, string> } }
    ).requestContext.identity;
    expect(identity).toMatchObject({ type: "AWS_IAM", sessionName: expect.any(String) });
    expect(identity.principal).toMatch(/^arn:aws:sts::555555555555:assumed-role\/Invoker\//);
    const denied = await signed(signedDenied);
    expect(denied?.status).toBe(403);
    expect(denied?.body).toContain(
      "because no identity-based policy allows the vpc-lattice-svcs:Invoke action",
    );
    const forged = await signed({ ...signedAllowed, secretAccessKey: "wrong" });
    expect(forged?.status).toBe(403);
    expect(forged?.body).toMatch(/^InvalidSignatureException: /);
  });
});

describe("RAM", () => {
  it("an account the network is not shared with cannot associate a VPC: the account, the network and why", async () => {
    const network = await world.platform.aws.call(
      {
        caller: {
          principal: { kind: "root", account: OWNER, arn: `arn:aws:iam::${OWNER}:root` },
          account: OWNER,
        },
        region: REGION,
      },
      "ram",
      "ListResources",
      { resourceOwner: "SELF" },
    );
    const shared = (network.resources as { arn: string }[]).map((r) => r.arn);
    expect(shared).toHaveLength(2);
    const error = await world
      .create(stranger, "StrangerAssociation", "AWS::VpcLattice::ServiceNetworkVpcAssociation", {
        ServiceNetworkIdentifier: shared[0],
        VpcIdentifier: vpcs.StrangerVpc?.id,
      })
      .catch((e: unknown) => e);
    expect(isAccountmeshError(error) && error.code).toBe("LATTICE_NETWORK_NOT_SHARED");
    expect(String((error as Error).message)).toContain(
      `account ${STRANGER} cannot associate VPC ${vpcs.StrangerVpc?.id}`,
    );
    expect(String((error as Error).message)).toContain(`does not name account ${STRANGER}`);
  });

  it("the shared account sees the networks shared with it (ListResources, OTHER-ACCOUNTS)", async () => {
    const listed = await world.platform.aws.call(
      {
        caller: {
          principal: { kind: "root", account: CLIENT, arn: `arn:aws:iam::${CLIENT}:root` },
          account: CLIENT,
        },
        region: REGION,
      },
      "ram",
      "ListResources",
      { resourceOwner: "OTHER-ACCOUNTS" },
    );
    expect((listed.resources as unknown[]).length).toBe(2);
  });
});
