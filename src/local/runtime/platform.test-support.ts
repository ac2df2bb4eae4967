// Test support: service plugins started on a real platform (identity, decision point, network, front-door
// registry, certificates, Lambda host, in-process client), without servers, so that a test can create
// resources through the plugins' own providers and ask the network or the services what happens.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Provisioned, ResolvedResource, ResourceProvider, StackArtifact } from "../assembly/types.js";
import { ServiceRegistry } from "../aws/service-registry.js";
import { CertificateAuthority } from "../network/certificate-authority.js";
import type { Platform } from "../platform/platform.js";
import type { ServiceParts, ServicePlugin } from "../platform/service-plugin.js";
import { buildPlatform } from "./build-platform.js";

export interface PlatformUnderTest {
  readonly platform: Platform;
  readonly parts: readonly ServiceParts[];
  /** Creates a resource through the provider some plugin registered for `type`. */
  create(
    stack: StackArtifact,
    logicalId: string,
    type: string,
    properties: Record<string, unknown>,
  ): Promise<Provisioned>;
  /** Runs every plugin's `ready` (what the runtime does once every stack is provisioned). */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

/** A stack artifact for tests: `account`, region eu-central-1, an empty template. */
export function testStack(account: string, stackName: string, region = "eu-central-1"): StackArtifact {
  return {
    id: stackName,
    stackName,
    account,
    region,
    template: { Resources: {} },
    dependencies: [],
    assets: new Map(),
  };
}

export async function platformUnderTest(
  plugins: readonly ServicePlugin[],
  stacks: readonly StackArtifact[] = [testStack("111111111111", "Test")],
  /** The runtime's log lines (5xx of front doors included). */
  log: (line: string) => void = () => {},
): Promise<PlatformUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), "accountmesh-platform-"));
  const wiring = buildPlatform({
    model: { dir: dataDir, stacks },
    dataDir,
    inMemory: true,
    authority: await CertificateAuthority.open(undefined),
    credentialSeed: randomBytes(16).toString("hex"),
    log,
    functionLog: () => {},
  });
  const parts = await Promise.all(plugins.map((plugin) => plugin.start(wiring.platform)));
  wiring.attachServices(
    new ServiceRegistry(parts.flatMap((part) => (part.api === undefined ? [] : [part.api]))),
    "http://127.0.0.1:9",
  );
  const providers = new Map<string, ResourceProvider>(
    parts.flatMap((part) => part.providers ?? []).map((provider) => [provider.type, provider]),
  );
  return {
    platform: wiring.platform,
    parts,
    async create(stack, logicalId, type, properties) {
      const provider = providers.get(type);
      if (provider === undefined) throw new Error(`no plugin provides ${type}`);
      const resource: ResolvedResource = { stack, logicalId, type, properties };
      return provider.create(resource);
    },
    async ready() {
      for (const part of parts) {
        await part.ready?.({ model: wiring.platform.model, stacks: [], unsupported: [] });
      }
    },
    async stop() {
      await wiring.platform.lambda.stop();
      for (const part of [...parts].reverse()) await part.stop?.();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
