// The environment a workload process starts with: nothing of the host's (no AWS keys, no profile
// files), the region and the local AWS endpoint, what the image or the task definition sets, and the
// pointers the SDK's default credential chain follows (container credentials or instance metadata).

export interface WorkloadEnvironmentOptions {
  readonly region: string;
  readonly awsEndpointUrl: string;
  /** ENV of the image, then the task definition's Environment (later wins). */
  readonly variables: readonly Readonly<Record<string, string>>[];
  /** `AWS_CONTAINER_CREDENTIALS_FULL_URI` + token (ECS), or `AWS_EC2_METADATA_SERVICE_ENDPOINT` (EC2). */
  readonly credentials:
    | { readonly kind: "container"; readonly uri: string; readonly token: string }
    | { readonly kind: "instance-metadata"; readonly endpoint: string }
    | { readonly kind: "none" };
  readonly home: string;
}

export function workloadEnvironment(options: WorkloadEnvironmentOptions): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: options.home,
    AWS_REGION: options.region,
    AWS_DEFAULT_REGION: options.region,
    AWS_ENDPOINT_URL: options.awsEndpointUrl,
    // The host's ~/.aws files must not answer before the workload's own credentials.
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_CONFIG_FILE: "/dev/null",
  };
  for (const variables of options.variables) Object.assign(env, variables);
  const { credentials } = options;
  if (credentials.kind === "container") {
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI = credentials.uri;
    env.AWS_CONTAINER_AUTHORIZATION_TOKEN = credentials.token;
  } else if (credentials.kind === "instance-metadata") {
    env.AWS_EC2_METADATA_SERVICE_ENDPOINT = credentials.endpoint;
    env.AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE = "IPv4";
  } else {
    env.AWS_EC2_METADATA_DISABLED = "true";
  }
  return env;
}
