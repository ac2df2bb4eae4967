// The composition root of the local runtime: load the cloud assembly, start the DynamoDB engine and
// the local AWS endpoint, provision every stack in dependency order, then serve the front doors.
// start → RunningSystem; stop() ends everything it started, the engine included.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { loadAssembly } from "./assembly/load-assembly.js";
import { provisionAssembly } from "./assembly/provision.js";
import type { UnsupportedFeature } from "./assembly/types.js";
import { createAwsEndpoint } from "./aws/aws-endpoint.js";
import type { Authorizer } from "./aws/deps.js";
import { createAwsCustomResourceRunner } from "./aws/resources/aws-custom-resource.js";
import { createServiceRegistry } from "./aws/service-registry.js";
import { createApiGatewayProviders } from "./aws/services/apigateway/api-gateway-providers.js";
import { ApiGatewayState } from "./aws/services/apigateway/api-gateway-state.js";
import { DynamoDbEngine } from "./aws/services/dynamodb/dynamodb-engine.js";
import { startDynamoDbLocal } from "./aws/services/dynamodb/dynamodb-local.js";
import { createDynamoDbProviders } from "./aws/services/dynamodb/dynamodb-providers.js";
import { DynamoDbTables } from "./aws/services/dynamodb/dynamodb-tables.js";
import { KmsKeys } from "./aws/services/kms/kms-keys.js";
import { createKmsProviders } from "./aws/services/kms/kms-providers.js";
import { SecretStore } from "./aws/services/secretsmanager/secret-store.js";
import { createSecretsManagerProviders } from "./aws/services/secretsmanager/secretsmanager-providers.js";
import { createSecretsManagerReferenceResolver } from "./aws/services/secretsmanager/secretsmanager-reference.js";
import { type EndpointsFile, writeEndpointsFile } from "./endpoints-file.js";
import { createApiGatewayFrontDoor } from "./gateway/api-gateway/api-gateway-front-door.js";
import { type Listening, listenHttp } from "./gateway/server.js";
import { CredentialRegistry } from "./iam/credential-registry.js";
import { createIamProviders } from "./iam/iam-providers.js";
import { IamState } from "./iam/iam-state.js";
import { PolicyDecisionPoint } from "./iam/policy-decision-point.js";
import { LambdaHost } from "./lambda/lambda-host.js";
import { LambdaPermissions } from "./lambda/lambda-permissions.js";
import { createLambdaProviders } from "./lambda/lambda-providers.js";
import { CertificateAuthority } from "./network/certificate-authority.js";
import { CertificateStore, createCertificateProviders } from "./network/certificate-providers.js";
import { createEc2View } from "./network/ec2-view.js";
import { createLoadBalancerProviders } from "./network/load-balancer-providers.js";
import { LoadBalancerState } from "./network/load-balancers.js";
import { createNetworkProviders } from "./network/network-providers.js";
import { NetworkState } from "./network/network-state.js";
import { createCustomResourceProviders } from "./runtime/custom-resources.js";
import { describeEndpoints } from "./runtime/describe-endpoints.js";
import { type ServedFrontDoors, serveFrontDoors } from "./runtime/front-doors.js";
import { watchHandlers } from "./runtime/handler-watch.js";
import { createNamedInertProviders, INERT_TYPES } from "./runtime/inert-resources.js";
import { acquireRuntimeLock } from "./runtime-lock.js";

export interface RuntimeOptions {
  /** The cloud assembly (cdk.out). */
  readonly assemblyDir: string;
  /** Where data, certificates and endpoints.json live (`.accountmesh/`). */
  readonly dataDir: string;
  /** Keep DynamoDB data in memory (throwaway run). */
  readonly inMemory?: boolean;
  /** AWS endpoint port; VPC entry points from base+34, listeners from base+134. 0: free ports (tests). */
  readonly portBase?: number;
  /** Progress lines (one per phase). */
  readonly log?: (line: string) => void;
  /** Watch mode: rebuild and reload a function's bundle when its handler sources change. */
  readonly watch?: { readonly projectRoot: string };
  /** Function output (START/END/REPORT and console lines). */
  readonly functionLog?: (line: string) => void;
}

export interface RunningSystem {
  readonly endpoints: EndpointsFile;
  readonly endpointsFile: string;
  readonly unsupported: readonly UnsupportedFeature[];
  readonly lambda: LambdaHost;
  /** The local credentials: `credentials.forRole(roleArn)` gives what a function's code runs with. */
  readonly credentials: CredentialRegistry;
  stop(): Promise<void>;
}

export const DEFAULT_PORT_BASE = 4566;

export async function startRuntime(options: RuntimeOptions): Promise<RunningSystem> {
  const log = options.log ?? (() => {});
  mkdirSync(options.dataDir, { recursive: true });
  const lock = await acquireRuntimeLock(options.dataDir);
  const cleanups: Array<() => Promise<void> | void> = [() => lock.release()];
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
  cleanups: Array<() => Promise<void> | void>,
  stop: () => Promise<void>,
): Promise<RunningSystem> {
  const base = options.portBase ?? DEFAULT_PORT_BASE;
  const port = (offset: number) => (base === 0 ? 0 : base + offset);
  log(`loading the cloud assembly ${options.assemblyDir}`);
  const [model, engineProcess, authority] = await Promise.all([
    loadAssembly(options.assemblyDir),
    startDynamoDbLocal(
      options.inMemory === true
        ? { inMemory: true }
        : { dbPath: ensureDir(join(options.dataDir, "dynamodb")) },
    ),
    CertificateAuthority.open(ensureDir(join(options.dataDir, "tls"))),
  ]);
  cleanups.push(() => engineProcess.stop());
  log(
    `DynamoDB Local started at ${engineProcess.endpoint}${options.inMemory === true ? " (in memory)" : ""}`,
  );

  const iam = new IamState();
  const pdp = new PolicyDecisionPoint(iam);
  const credentials = new CredentialRegistry(credentialSeed(options.dataDir));
  const authorizer: Authorizer = { authorize: (request, document) => pdp.decide(request, document) };
  const network = new NetworkState();
  const loadBalancers = new LoadBalancerState();
  const certificates = new CertificateStore(authority);
  const engine = new DynamoDbEngine(engineProcess.endpoint);
  cleanups.push(() => engine.close());
  const tables = new DynamoDbTables();
  const secrets = new SecretStore();
  const keys = new KmsKeys();
  const apiGateway = new ApiGatewayState();
  const permissions = new LambdaPermissions();
  const services = createServiceRegistry({
    authorizer,
    ec2: createEc2View(network),
    dynamodb: { engine, tables },
    secrets,
    keys,
  });
  const runCustomResource = createAwsCustomResourceRunner(services);

  const aws: Listening = await listenHttp(port(0), createAwsEndpoint({ callers: credentials, services }));
  cleanups.push(() => aws.close());
  const awsUrl = `http://127.0.0.1:${aws.port}`;
  log(`local AWS endpoint listening at ${awsUrl}`);

  let frontDoors: ServedFrontDoors | undefined;
  const lambda = new LambdaHost(
    {
      credentialsFor: (roleArn) => credentials.forRole(roleArn),
      awsEndpointUrl: awsUrl,
      proxyUrlFor: (vpcId) => frontDoors?.proxies.get(vpcId),
    },
    {
      // Execution environments per function: AWS would keep scaling, but on a laptop more workers
      // than cores only add memory (each loads its own bundle and SDK); beyond this, calls queue.
      maxConcurrencyPerFunction: Math.max(2, availableParallelism()),
      ...(options.functionLog === undefined ? {} : { log: options.functionLog }),
    },
  );
  cleanups.push(() => lambda.stop());

  const reported: UnsupportedFeature[] = [];
  const providers = [
    ...createIamProviders(iam),
    ...createNetworkProviders(network),
    ...createLoadBalancerProviders(network, loadBalancers),
    ...createCertificateProviders(certificates),
    ...createNamedInertProviders(),
    ...createKmsProviders({ keys }),
    ...createSecretsManagerProviders({ secrets, keys }),
    ...createDynamoDbProviders({ engine, tables, report: (feature) => reported.push(feature) }),
    ...createLambdaProviders({
      host: lambda,
      permissions,
      vpcOfSubnet: (id) => network.subnets.get(id)?.vpcId,
    }),
    ...createApiGatewayProviders(apiGateway),
    ...createCustomResourceProviders(model, {
      roleOfFunction: (arn) => lambda.spec(arn)?.roleArn,
      runAwsCustomResource: (resource, roleArn) =>
        runCustomResource(resource.properties, {
          roleArn,
          region: resource.stack.region,
          logicalId: resource.logicalId,
        }),
    }),
  ];
  const resolveSecret = createSecretsManagerReferenceResolver(secrets);
  const provisioned = await provisionAssembly(model, {
    providers,
    inertTypes: INERT_TYPES,
    resolveDynamicReference: (service, reference, account, region) => {
      if (service === "secretsmanager") return resolveSecret(reference, account, region);
      throw new Error(
        `dynamic references to ${service} are not supported locally ({{resolve:${service}:${reference}}})`,
      );
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

  // AWS publishes `<apiId>-<vpceId>.execute-api.<region>.amazonaws.com` for every endpoint a private
  // API is associated with: the way to call it from inside the VPC when private DNS is off.
  for (const api of apiGateway.restApis()) {
    for (const vpceId of api.vpcEndpointIds) {
      const endpoint = network.endpoints.get(vpceId);
      if (endpoint !== undefined) {
        network.publishName(
          `${api.id}-${vpceId}.execute-api.${api.region}.amazonaws.com`,
          endpoint.networkInterfaceIds,
        );
      }
    }
  }

  const executeApi = createApiGatewayFrontDoor(apiGateway, { authorizer, lambda, permissions });
  frontDoors = await serveFrontDoors(
    { network, loadBalancers, certificates, executeApi },
    { proxy: (n) => port(34 + n), internet: port(33), listener: (n) => port(134 + n) },
  );
  cleanups.push(() => frontDoors?.close());

  const unsupported = [
    ...provisioned.unsupported,
    ...apiGateway.unsupported(),
    ...reported,
    ...iam
      .unsupported()
      .map((u) => ({ kind: "resource-type" as const, name: u.name, where: u.where, count: 1 })),
  ];
  const endpoints = describeEndpoints(network, frontDoors, credentials, {
    aws: awsUrl,
    region: model.stacks[0]?.region ?? "us-east-1",
    caFile: authority.caFile,
    accounts: [...new Set(model.stacks.map((s) => s.account))],
    restApis: [...apiGateway.restApis()].map((api) => ({ id: api.id, name: api.name, account: api.account })),
  });
  const endpointsFile = join(options.dataDir, "endpoints.json");
  writeEndpointsFile(endpointsFile, endpoints);
  return { endpoints, endpointsFile, unsupported, lambda, credentials, stop };
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
