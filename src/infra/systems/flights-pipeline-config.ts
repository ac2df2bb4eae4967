// The flights pipeline's settings (tools account, seed 002's challenge 1): its source, a CodeStar
// (CodeConnections) connection given by ARN in CDK context (CodeCommit is closed to new customers),
// and the context its own `cdk synth` step passes on. Locally, with nothing given, the pipeline is
// synthesized with a placeholder source that names no connection (it never runs locally); a synth for
// a deploy that includes the pipeline refuses the placeholder, naming the context key to set.
import { isPlaceholderAccount } from "../../shared/account.js";
import { DEPLOY_TARGET_CONTEXT } from "../../shared/deploy-target.js";
import { AccountmeshError } from "../../shared/errors.js";
import type { PipelineSource } from "../stacks/flights-pipeline-stack.js";
import { FLIGHTS_CONTEXT, type FlightsSystemConfig } from "./flights-config.js";

/** The context keys of the pipeline's source (kept short, as the seed's README spells them). */
export const PIPELINE_CONTEXT = {
  connectionArn: "flights:connectionArn",
  repository: "flights:repository",
  branch: "flights:branch",
} as const;

/** The connection id of the local placeholder source: all zeros, which no connection has. */
export const PLACEHOLDER_CONNECTION_ID = "00000000-0000-0000-0000-000000000000";
/** The repository of the local placeholder source. */
export const PLACEHOLDER_REPOSITORY = "placeholder-owner/flights";

const CONNECTION_ARN =
  /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[0-9a-f-]{36}$/;
const REPOSITORY = /^[\w.-]+\/[\w.-]+$/;
const BRANCH = /^[\w./-]+$/;

/**
 * The pipeline's source from CDK context: `-c flights:connectionArn=arn:aws:codestar-connections:
 * <region>:<tools account>:connection/<uuid> -c flights:repository=<owner/name> [-c flights:branch=main]`.
 * What is not given falls back to a placeholder (connection `.../connection/000...0` in the tools
 * account and region, repository `placeholder-owner/flights`, branch `main`) for a local synth. For a
 * deploy to AWS (`config.deployTarget`), throws PLACEHOLDER_ACCOUNTS when the tools account is still a
 * placeholder and PIPELINE_SOURCE_MISSING when the connection ARN or the repository is not given (or is
 * the placeholder); malformed values throw INVALID_PIPELINE_SOURCE, naming the key and the value.
 */
export function pipelineSourceFromContext(
  read: (key: string) => unknown,
  config: FlightsSystemConfig,
): PipelineSource {
  const given = (key: string): unknown => {
    const value = read(key);
    return value === undefined || value === null || value === "" ? undefined : value;
  };
  const tools = config.accounts.tools;
  const placeholderArn = `arn:aws:codestar-connections:${config.region}:${tools}:connection/${PLACEHOLDER_CONNECTION_ID}`;
  const connectionArn = checked(
    given(PIPELINE_CONTEXT.connectionArn) ?? placeholderArn,
    PIPELINE_CONTEXT.connectionArn,
    CONNECTION_ARN,
    "a CodeStar connection ARN (arn:aws:codestar-connections:<region>:<account>:connection/<uuid>)",
  );
  const repository = checked(
    given(PIPELINE_CONTEXT.repository) ?? PLACEHOLDER_REPOSITORY,
    PIPELINE_CONTEXT.repository,
    REPOSITORY,
    "the repository as owner/name",
  );
  const branch = checked(
    given(PIPELINE_CONTEXT.branch) ?? "main",
    PIPELINE_CONTEXT.branch,
    BRANCH,
    "a branch name",
  );
  if (config.deployTarget.kind === "aws") {
    const deploying = `This synth is for a deploy to AWS: ${config.deployTarget.detectedBy}, and it includes the flights pipeline (stack FlightsPipeline)`;
    if (isPlaceholderAccount(tools)) {
      throw new AccountmeshError(
        "PLACEHOLDER_ACCOUNTS",
        `${deploying}, whose tools account is still the placeholder ${tools}. Set ${FLIGHTS_CONTEXT.account("tools")} (the account that holds the pipeline, bootstrapped with \`cdk bootstrap\`). For a local run instead, pass -c ${DEPLOY_TARGET_CONTEXT}=local.`,
        { roles: ["tools"] },
      );
    }
    const missing = [
      connectionArn.endsWith(`/${PLACEHOLDER_CONNECTION_ID}`) &&
        ([PIPELINE_CONTEXT.connectionArn, `<the ARN of a CodeStar connection in account ${tools}>`] as const),
      repository === PLACEHOLDER_REPOSITORY &&
        ([PIPELINE_CONTEXT.repository, "<owner/name of the repository the connection reaches>"] as const),
    ].filter((entry) => entry !== false);
    if (missing.length > 0) {
      throw new AccountmeshError(
        "PIPELINE_SOURCE_MISSING",
        `${deploying}, whose source is not given. Set ${missing.map(([key, value]) => `-c ${key}=${value}`).join(" ")} (create the connection in the tools account's console: Developer Tools > Settings > Connections). To deploy without the pipeline, leave out ${FLIGHTS_CONTEXT.account("tools")} and the flights:* keys.`,
        { keys: missing.map(([key]) => key) },
      );
    }
  }
  return { connectionArn, repository, branch };
}

function checked(value: unknown, key: string, pattern: RegExp, expected: string): string {
  if (typeof value !== "string" || !pattern.test(value)) {
    throw new AccountmeshError(
      "INVALID_PIPELINE_SOURCE",
      `Context ${key} must be ${expected}; received ${JSON.stringify(value)}.`,
      { key, value },
    );
  }
  return value;
}

/**
 * The context the pipeline's own `cdk synth` (its synth step, in CodeBuild) passes with `-c`, so it
 * synthesizes the app this synth did: every `accountmesh:*` and `flights:*` key of `context` (the app's
 * whole context, `node.getAllContext()`), values as strings (non-strings as JSON), sorted by key, and
 * `accountmesh:target=aws` in place of whatever target this synth had.
 */
export function pipelineSynthContext(context: Readonly<Record<string, unknown>>): Record<string, string> {
  const passed = Object.entries(context)
    .filter(
      ([key]) =>
        (key.startsWith("accountmesh:") || key.startsWith("flights:")) && key !== DEPLOY_TARGET_CONTEXT,
    )
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]): [string, string] => [
      key,
      typeof value === "string" ? value : JSON.stringify(value),
    ]);
  const pairs: [string, string][] = [...passed, [DEPLOY_TARGET_CONTEXT, "aws"]];
  return Object.fromEntries(pairs.sort(([a], [b]) => a.localeCompare(b)));
}
