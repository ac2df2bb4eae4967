// The composition root of the local runtime: load the cloud assembly, build the platform (identity and
// the decision point, the network, the Lambda host, the in-process AWS client), start every service
// plugin, serve the local AWS endpoint, provision every stack in dependency order, then serve the
// front doors. It names no service: they come from the plugin list. start → RunningSystem; stop()
// ends everything it started, engines included.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AccountmeshError } from "../shared/errors.js";
import { loadAssembly, type ParameterValue } from "./assembly/load-assembly.js";
import { provisionAssembly } from "./assembly/provision.js";
import type { DefaultEnvironment } from "./assembly/stack-environment.js";
import type { UnsupportedFeature } from "./assembly/types.js";
import { createAwsEndpoint } from "./aws/aws-endpoint.js";
import { ServiceRegistry } from "./aws/service-registry.js";
import { type EndpointsFile, writeEndpointsFile } from "./endpoints-file.js";
import { type Listening, listenHttp } from "./gateway/server.js";
import type { CredentialRegistry } from "./iam/credential-registry.js";
import type { LambdaHost } from "./lambda/lambda-host.js";
import { CertificateAuthority } from "./network/certificate-authority.js";
import type { Platform } from "./platform/platform.js";
import type { ReferenceResolver, ServiceParts, ServicePlugin } from "./platform/service-plugin.js";
import { PLUGINS } from "./plugins.js";
import { buildPlatform } from "./runtime/build-platform.js";
import { describeEndpoints } from "./runtime/describe-endpoints.js";
import { watchHandlers } from "./runtime/handler-watch.js";
import { serveFrontDoors } from "./runtime/serve-front-doors.js";
import { acquireRuntimeLock } from "./runtime-lock.js";

export interface RuntimeOptions {
  /** The cloud assembly (cdk.out). */
  readonly assemblyDir: string;
  /** Where data, certificates and endpoints.json live (`.accountmesh/`). */
  readonly dataDir: string;
  /** Keep DynamoDB data in memory (throwaway run). */
  readonly inMemory?: boolean;
  /**
   * AWS endpoint port; the entry point outside every VPC at base+33, VPC entry points from base+34,
   * load balancer listeners from base+134, loopback doors (public REST APIs) from base+234. 0: free
   * ports (tests).
   */
  readonly portBase?: number;
  /** Progress lines (one per phase), and every 5xx a front door produces itself. */
  readonly log?: (line: string) => void;
  /** Watch mode: rebuild and reload a function's bundle when its handler sources change. */
  readonly watch?: { readonly projectRoot: string };
  /** Function output (START/END/REPORT and console lines). */
  readonly functionLog?: (line: string) => void;
  /** The services to run (default: every plugin of `plugins.ts`). */
  readonly plugins?: readonly ServicePlugin[];
  /**
   * Account and region of environment-agnostic stacks (no `env`): default `000000000000` and
   * `us-east-1` (see `defaultEnvironmentFrom` for AWS_REGION / AWS_DEFAULT_REGION).
   */
  readonly defaultEnvironment?: DefaultEnvironment;
  /** Only these stacks (and those they depend on), as `cdk deploy <patterns>` selects them. Default: all. */
  readonly stacks?: readonly string[];
  /** Template parameter values (`cdk deploy --parameters`); a parameter without one uses its Default. */
  readonly parameters?: readonly ParameterValue[];
}

/** A stack as it runs: where, and its outputs (what `cdk deploy` prints at the end). */
export interface RunningStack {
  readonly id: string;
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  /** True when the stack sets no `env` and runs in the default account and region. */
  readonly environmentAgnostic: boolean;
  readonly outputs: readonly {
    readonly key: string;
    readonly value: string;
    readonly description?: string;
  }[];
}

export interface RunningSystem {
  /** Every stack, in deploy order, with its outputs. */
  readonly stacks: readonly RunningStack[];
  readonly endpoints: EndpointsFile;
  readonly endpointsFile: string;
  readonly unsupported: readonly UnsupportedFeature[];
  readonly lambda: LambdaHost;
  /** The local credentials: `credentials.forRole(roleArn)` gives what a function's code runs with. */
  readonly credentials: CredentialRegistry;
  stop(): Promise<void>;
}

export const DEFAULT_PORT_BASE = 4566;

type Cleanups = Array<() => Promise<void> | void>;

export async function startRuntime(options: RuntimeOptions): Promise<RunningSystem> {
  const log = options.log ?? (() => {});
  mkdirSync(options.dataDir, { recursive: true });
  const lock = await acquireRuntimeLock(options.dataDir);
  const cleanups: Cleanups = [() => lock.release()];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) {
      await Promise.resolve(cleanup()).catch(() => {});
    }
    cleanups.length = 0;
  };
  try {
    return await start(options, log, cleanups, stop);
  } catch (error) {
    await stop();
    throw error;
  }
}

async function start(
  options: RuntimeOptions,
  log: (line: string) => void,
  cleanups: Cleanups,
  stop: () => Promise<void>,
): Promise<RunningSystem> {
  const base = options.portBase ?? DEFAULT_PORT_BASE;
  const port = (offset: number) => (base === 0 ? 0 : base + offset);
  log(`loading the cloud assembly ${options.assemblyDir}`);
  const [model, authority] = await Promise.all([
    loadAssembly(options.assemblyDir, {
      ...(options.defaultEnvironment === undefined ? {} : { defaultEnvironment: options.defaultEnvironment }),
      ...(options.stacks === undefined ? {} : { stacks: options.stacks }),
      ...(options.parameters === undefined ? {} : { parameters: options.parameters }),
    }),
    CertificateAuthority.open(ensureDir(join(options.dataDir, "tls"))),
  ]);

  const wiring = buildPlatform({
    model,
    dataDir: options.dataDir,
    inMemory: options.inMemory === true,
    authority,
    credentialSeed: credentialSeed(options.dataDir),
    log,
    ...(options.functionLog === undefined ? {} : { functionLog: options.functionLog }),
  });
  const { platform } = wiring;
  const { lambda, credentials, network } = platform;
  const parts = await startPlugins(options.plugins ?? PLUGINS, platform, cleanups);
  cleanups.push(() => lambda.stop()); // functions stop before the services they call
  const registry = new ServiceRegistry(parts.flatMap((p) => (p.api === undefined ? [] : [p.api])));
  const endpoint: Listening = await listenHttp(
    port(0),
    createAwsEndpoint({ callers: credentials, services: registry }),
  );
  cleanups.push(() => endpoint.close());
  const awsUrl = `http://127.0.0.1:${endpoint.port}`;
  wiring.attachServices(registry, awsUrl);
  log(`local AWS endpoint listening at ${awsUrl}`);

  const references = dynamicReferences(parts);
  const provisioned = await provisionAssembly(model, {
    providers: parts.flatMap((p) => p.providers ?? []),
    inertTypes: new Map(parts.flatMap((p) => Object.entries(p.inertTypes ?? {}))),
    resolveDynamicReference: (service, reference, account, region) => {
      const resolve = references.get(service);
      if (resolve === undefined) {
        throw new AccountmeshError(
          "DYNAMIC_REFERENCE_UNSUPPORTED",
          `dynamic references to ${service} are not supported locally ({{resolve:${service}:${reference}}}); supported: ${[...references.keys()].join(", ")}.`,
          { service },
        );
      }
      return resolve(reference, account, region);
    },
    onProgress: log,
  });

  if (options.watch !== undefined) {
    const watcher = watchHandlers({
      projectRoot: options.watch.projectRoot,
      hotDir: join(options.dataDir, "hot"),
      system: provisioned,
      lambda,
      log,
    });
    cleanups.push(() => watcher.close());
  }
  for (const part of parts) await part.ready?.(provisioned);

  const frontDoors = await serveFrontDoors(
    { network, doors: platform.frontDoors, certificates: platform.certificates },
    {
      proxy: (n) => port(34 + n),
      internet: port(33),
      listener: (n) => port(134 + n),
      loopback: (n) => port(234 + n),
    },
  );
  cleanups.push(() => frontDoors.close());
  wiring.attachProxies((vpcId) => frontDoors.proxies.get(vpcId));

  const unsupported = [
    ...provisioned.unsupported,
    ...wiring.reported,
    ...parts.flatMap((p) => p.unsupported?.() ?? []),
  ];
  const endpoints = describeEndpoints(network, frontDoors, credentials, {
    aws: awsUrl,
    region: model.stacks[0]?.region ?? "us-east-1",
    caFile: authority.caFile,
    accounts: [...new Set(model.stacks.map((s) => s.account))],
    sections: parts.map((p) => p.endpoints?.() ?? {}),
  });
  const endpointsFile = join(options.dataDir, "endpoints.json");
  writeEndpointsFile(endpointsFile, endpoints);
  const stacks = provisioned.stacks.map(({ artifact, outputs }) => ({
    id: artifact.id,
    stackName: artifact.stackName,
    account: artifact.account,
    region: artifact.region,
    environmentAgnostic: artifact.environmentAgnostic === true,
    outputs: [...outputs].map(([key, output]) => ({
      key,
      value: output.value,
      ...(output.description === undefined ? {} : { description: output.description }),
    })),
  }));
  return { stacks, endpoints, endpointsFile, unsupported, lambda, credentials, stop };
}

/** Starts every plugin at once; a plugin's stop runs on shutdown, in reverse order. */
async function startPlugins(
  plugins: readonly ServicePlugin[],
  platform: Platform,
  cleanups: Cleanups,
): Promise<ServiceParts[]> {
  const started = await Promise.allSettled(plugins.map((plugin) => Promise.resolve(plugin.start(platform))));
  const parts: ServiceParts[] = [];
  for (const result of started) {
    if (result.status === "fulfilled") {
      parts.push(result.value);
      const part = result.value;
      if (part.stop !== undefined) cleanups.push(() => part.stop?.());
    }
  }
  const failed = started.find((result) => result.status === "rejected");
  if (failed !== undefined) throw failed.reason;
  return parts;
}

function dynamicReferences(parts: readonly ServiceParts[]): Map<string, ReferenceResolver> {
  const resolvers = new Map<string, ReferenceResolver>();
  for (const part of parts) {
    for (const [service, resolve] of Object.entries(part.dynamicReferences ?? {}))
      resolvers.set(service, resolve);
  }
  return resolvers;
}

function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The secret seed of every local credential: random on first start, then kept in the data directory. */
function credentialSeed(dataDir: string): string {
  const file = join(dataDir, "credential-seed");
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}
