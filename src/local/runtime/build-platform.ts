// The platform every service plugin starts on: identity and the decision point, the network and its
// front-door registry, certificates, the Lambda host and the in-process AWS client. Some parts exist
// only once services have started (their APIs, the AWS endpoint's URL, the VPC entry points): the
// runtime attaches them; until then a call between services fails with a clear error.

import { mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { AccountmeshError } from "../../shared/errors.js";
import type { CloudAssemblyModel, UnsupportedFeature } from "../assembly/types.js";
import { createAwsClient } from "../aws/aws-client.js";
import { signedCallers } from "../aws/protocol/verify-request.js";
import type { ServiceRegistry } from "../aws/service-registry.js";
import type { ServerErrorEntry } from "../http/pipeline.js";
import { CredentialRegistry } from "../iam/credential-registry.js";
import { IamState } from "../iam/iam-state.js";
import { PolicyDecisionPoint } from "../iam/policy-decision-point.js";
import { LambdaHost } from "../lambda/lambda-host.js";
import type { CertificateAuthority } from "../network/certificate-authority.js";
import { CertificateStore } from "../network/certificate-store.js";
import { FrontDoorRegistry } from "../network/front-door-registry.js";
import { NetworkState } from "../network/network-state.js";
import type { Platform } from "../platform/platform.js";

/**
 * How long a function's execution-role session lasts: Lambda gives execution environments temporary
 * credentials of the role (ASIA…, AWS_SESSION_TOKEN) that outlive the environment; 12 hours is STS's
 * longest session. Each new environment gets a new session; the Lambda host retires an environment
 * before its credentials expire.
 */
const FUNCTION_SESSION_SECONDS = 12 * 60 * 60;

export interface PlatformOptions {
  readonly model: CloudAssemblyModel;
  readonly dataDir: string;
  readonly inMemory: boolean;
  readonly authority: CertificateAuthority;
  /** The secret seed of every local credential. */
  readonly credentialSeed: string;
  readonly log: (line: string) => void;
  readonly functionLog?: (line: string) => void;
}

export interface PlatformWiring {
  readonly platform: Platform;
  /** Everything reported through `platform.report`. */
  readonly reported: readonly UnsupportedFeature[];
  /** The started services' APIs and the local AWS endpoint's URL. */
  attachServices(registry: ServiceRegistry, awsEndpointUrl: string): void;
  /** The VPC entry points, once served (functions in a VPC make their HTTP calls through them). */
  attachProxies(proxyUrlFor: (vpcId: string) => string | undefined): void;
}

export function buildPlatform(options: PlatformOptions): PlatformWiring {
  const iam = new IamState();
  const decisions = new PolicyDecisionPoint(iam);
  const credentials = new CredentialRegistry(options.credentialSeed);
  const network = new NetworkState();
  let registry: ServiceRegistry | undefined;
  let awsUrl = "";
  let proxyUrlFor: (vpcId: string) => string | undefined = () => undefined;
  const lambda = new LambdaHost(
    {
      credentialsFor: (roleArn, sessionName) =>
        credentials.issueSession({
          roleArn,
          sessionName,
          now: new Date(),
          durationSeconds: FUNCTION_SESSION_SECONDS,
        }),
      get awsEndpointUrl() {
        return awsUrl;
      },
      proxyUrlFor: (vpcId) => proxyUrlFor(vpcId),
    },
    {
      // Execution environments per function: AWS would keep scaling, but on a laptop more workers
      // than cores only add memory (each loads its own bundle and SDK); beyond this, calls queue.
      maxConcurrencyPerFunction: Math.max(2, availableParallelism()),
      ...(options.functionLog === undefined ? {} : { log: options.functionLog }),
    },
  );
  const reported: UnsupportedFeature[] = [];
  const platform: Platform = {
    model: options.model,
    dataDir: (plugin) => {
      const dir = join(options.dataDir, plugin);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    inMemory: options.inMemory,
    log: options.log,
    onServerError: (entry) => options.log(serverErrorLine(entry)),
    iam,
    credentials,
    callers: signedCallers(credentials),
    authorizer: { authorize: (request, document) => decisions.decide(request, document) },
    network,
    frontDoors: new FrontDoorRegistry(network),
    certificates: new CertificateStore(options.authority),
    lambda,
    aws: createAwsClient(() => {
      if (registry === undefined) {
        throw new AccountmeshError(
          "RUNTIME_NOT_STARTED",
          "A service called another before every service had started; call other services from providers or requests, not from start().",
        );
      }
      return registry;
    }),
    awsEndpointUrl: () => awsUrl,
    report: (feature) => reported.push(feature),
  };
  return {
    platform,
    reported,
    attachServices(services, url) {
      registry = services;
      awsUrl = url;
    },
    attachProxies(lookup) {
      proxyUrlFor = lookup;
    },
  };
}

/** `error: API Gateway 1a2b3c4d5e answered 500 (request 3f…, step integrate): <cause>`. */
function serverErrorLine(entry: ServerErrorEntry): string {
  return `error: ${entry.door} answered ${entry.status} (request ${entry.requestId}, step ${entry.step}): ${entry.cause}`;
}
