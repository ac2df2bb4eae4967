// What the runtime offers every service plugin: the cloud assembly, identity and the one policy
// decision point, the local network and its front-door registry, the Lambda host, the in-process AWS
// client, and the places to log and to report what is not honoured.
import type { CloudAssemblyModel, UnsupportedFeature } from "../assembly/types.js";
import type { AwsClient } from "../aws/aws-client.js";
import type { SignedCallers } from "../aws/protocol/verify-request.js";
import type { ServerErrorLog } from "../http/pipeline.js";
import type { CredentialRegistry } from "../iam/credential-registry.js";
import type { IamState } from "../iam/iam-state.js";
import type { Authorizer } from "../iam/types.js";
import type { LambdaHost } from "../lambda/lambda-host.js";
import type { CertificateStore } from "../network/certificate-store.js";
import type { FrontDoorRegistry } from "../network/front-door-registry.js";
import type { NetworkState } from "../network/network-state.js";

export interface Platform {
  /** The cloud assembly being run (immutable). */
  readonly model: CloudAssemblyModel;
  /** A directory of the plugin's own under the data directory (created on first use). */
  dataDir(plugin: string): string;
  /** A throwaway run: nothing a plugin keeps should outlive it. */
  readonly inMemory: boolean;
  /** A progress or diagnostic line of the runtime. */
  log(line: string): void;
  /** Every 5xx a front door produces itself, with the request id and the cause. */
  readonly onServerError: ServerErrorLog;
  /** Roles and their policies (identity-based policies of every principal). */
  readonly iam: IamState;
  /** Local credentials: long-term keys per account administrator, temporary credentials of role sessions. */
  readonly credentials: CredentialRegistry;
  /**
   * Who signed a request (SigV4 verified as AWS does, session tokens checked, against `credentials`):
   * for front doors that authenticate their callers, such as API Gateway's AWS_IAM methods.
   */
  readonly callers: SignedCallers;
  /** The one policy decision point: identity policies from `iam`, the resource policy from the caller. */
  readonly authorizer: Authorizer;
  /** VPCs, subnets, interfaces, endpoints and private zones. */
  readonly network: NetworkState;
  /** Where services register the front doors the network routes to. */
  readonly frontDoors: FrontDoorRegistry;
  /** TLS certificates by ACM ARN, issued by the local CA. */
  readonly certificates: CertificateStore;
  /** Execution environments of every function. */
  readonly lambda: LambdaHost;
  /** Service-to-service calls, as a caller the decision point sees. */
  readonly aws: AwsClient;
  /** The local AWS endpoint's URL (known from provisioning on). */
  awsEndpointUrl(): string;
  /** Something in the templates this runtime does not honour (listed at start-up). */
  report(feature: UnsupportedFeature): void;
}
