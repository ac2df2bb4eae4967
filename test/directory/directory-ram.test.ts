// Acceptance 4 of the directory system: an account the service network is not shared with (through
// AWS RAM) cannot associate its VPC with it. A small CDK app built with the same constructs — the
// shared services account's blue network shared with the blue account only, and VPC associations from
// the blue account (allowed) and from a third account — refuses to start, naming the account, the
// network and the reason.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, CfnOutput, Stack } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import { afterAll, expect, it } from "vitest";
import { LatticeServiceNetwork } from "../../src/infra/constructs/lattice-service-network.js";
import { LatticeVpcAssociation } from "../../src/infra/constructs/lattice-vpc-association.js";
import { startRuntime } from "../../src/local/runtime.js";
import { isAccountmeshError } from "../../src/shared/errors.js";

const SHARED = "121212121212";
const BLUE = "131313131313";
const THIRD = "151515151515";
const dirs: string[] = [];

function assembly(withThird: boolean): string {
  const out = mkdtempSync(join(tmpdir(), "accountmesh-directory-ram-"));
  dirs.push(out);
  const app = new App({ outdir: out, context: { "@aws-cdk/core:defaultCrossStackReferences": "weak" } });
  const env = (account: string) => ({ account, region: "us-east-1" });
  const shared = new Stack(app, "Shared", { env: env(SHARED) });
  const network = new LatticeServiceNetwork(shared, "Blue", {
    name: "blue-service-network",
    sharedWith: [BLUE],
  });
  new CfnOutput(shared, "NetworkArn", { value: network.networkArn });
  const consumer = (id: string, account: string) => {
    const stack = new Stack(app, id, { env: env(account) });
    const vpc = new ec2.Vpc(stack, "Vpc", {
      maxAzs: 1,
      natGateways: 0,
      subnetConfiguration: [{ name: "app", subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    new LatticeVpcAssociation(stack, "Association", { vpc, serviceNetworkArn: network.networkArn });
    stack.addDependency(shared);
  };
  consumer("Blue", BLUE);
  if (withThird) consumer("Third", THIRD);
  app.synth();
  return out;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function start(dir: string) {
  return startRuntime({
    assemblyDir: dir,
    dataDir: join(dir, ".data"),
    inMemory: true,
    portBase: 0,
    log: () => {},
    functionLog: () => {},
  });
}

it("the account the network is shared with associates its VPC; a third account is refused at start-up", async () => {
  const allowed = await start(assembly(false));
  await allowed.stop();
  const error = await start(assembly(true)).then(
    async (system) => {
      await system.stop();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(isAccountmeshError(error)).toBe(true);
  const message = (error as Error).message;
  expect(message).toContain(`account ${THIRD} cannot associate VPC vpc-`);
  expect(message).toMatch(
    /service network blue-service-network \(arn:aws:vpc-lattice:us-east-1:121212121212:servicenetwork\/sn-[0-9a-f]{17}\) of account 121212121212/,
  );
  expect(message).toContain(`does not name account ${THIRD}`);
  expect(message).toContain("Share the network with 151515151515 through AWS RAM");
}, 120_000);
