import { describe, expect, it } from "vitest";
import { AccountmeshError } from "../../shared/errors.js";
import { FLIGHTS_CONTEXT, flightsConfigFromContext } from "./flights-config.js";
import { pipelineSourceFromContext, pipelineSynthContext } from "./flights-pipeline-config.js";

const CONNECTION =
  "arn:aws:codestar-connections:eu-central-1:210987654321:connection/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const PLACEHOLDER =
  "arn:aws:codestar-connections:eu-central-1:777777777777:connection/00000000-0000-0000-0000-000000000000";
/** Real-looking service accounts (a deploy refuses placeholders for them first). */
const SERVICES = {
  [FLIGHTS_CONTEXT.account("booking")]: "310987654321",
  [FLIGHTS_CONTEXT.account("airmiles")]: "410987654321",
  [FLIGHTS_CONTEXT.account("web")]: "510987654321",
};

/** The pipeline's source for `context`, with the flights configuration read from the same context. */
function sourceFor(context: Record<string, unknown>) {
  const read = (key: string) => context[key];
  return pipelineSourceFromContext(read, flightsConfigFromContext(read));
}

/** The AccountmeshError `run` throws, as `CODE: message`. */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AccountmeshError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error("expected an AccountmeshError");
}

describe("pipelineSourceFromContext", () => {
  it("locally, without context, is a placeholder in the tools account that names no connection", () => {
    expect(sourceFor({})).toEqual({
      connectionArn: PLACEHOLDER,
      repository: "placeholder-owner/flights",
      branch: "main",
    });
  });

  it("takes the connection, repository and branch from context", () => {
    expect(
      sourceFor({
        "flights:connectionArn": CONNECTION,
        "flights:repository": "example-org/flights",
        "flights:branch": "release/2026",
      }),
    ).toEqual({ connectionArn: CONNECTION, repository: "example-org/flights", branch: "release/2026" });
  });

  it("refuses malformed values by key, with the value received", () => {
    expect(refusal(() => sourceFor({ "flights:connectionArn": "arn:aws:codecommit:eu-central-1:1:x" }))).toBe(
      'INVALID_PIPELINE_SOURCE: Context flights:connectionArn must be a CodeStar connection ARN (arn:aws:codestar-connections:<region>:<account>:connection/<uuid>); received "arn:aws:codecommit:eu-central-1:1:x".',
    );
    expect(refusal(() => sourceFor({ "flights:repository": "flights" }))).toMatch(
      /^INVALID_PIPELINE_SOURCE: Context flights:repository must be the repository as owner\/name; received "flights"/,
    );
    expect(refusal(() => sourceFor({ "flights:branch": "main; rm -rf /" }))).toMatch(
      /^INVALID_PIPELINE_SOURCE: Context flights:branch must be a branch name/,
    );
  });

  it("for a deploy, refuses the placeholder tools account, naming its key", () => {
    expect(refusal(() => sourceFor({ ...SERVICES, "accountmesh:target": "aws" }))).toMatch(
      /^PLACEHOLDER_ACCOUNTS: This synth is for a deploy to AWS: context accountmesh:target=aws, and it includes the flights pipeline \(stack FlightsPipeline\), whose tools account is still the placeholder 777777777777\. Set accountmesh:flights:toolsAccount/,
    );
  });

  it("for a deploy, names each source key still missing (or the placeholder), and accepts a full source", () => {
    const deploy = {
      ...SERVICES,
      [FLIGHTS_CONTEXT.account("tools")]: "210987654321",
      "accountmesh:target": "aws",
    };
    const missingBoth = refusal(() => sourceFor(deploy));
    expect(missingBoth).toMatch(
      /^PIPELINE_SOURCE_MISSING: .* whose source is not given\. Set -c flights:connectionArn=<the ARN of a CodeStar connection in account 210987654321> -c flights:repository=<owner\/name/,
    );
    const withPlaceholder = { ...deploy, "flights:connectionArn": PLACEHOLDER, "flights:repository": "o/r" };
    expect(refusal(() => sourceFor(withPlaceholder))).toMatch(
      /Set -c flights:connectionArn=<[^>]+> \(create/,
    );
    expect(refusal(() => sourceFor({ ...deploy, "flights:connectionArn": CONNECTION }))).toMatch(
      /Set -c flights:repository=<owner\/name of the repository the connection reaches> \(create/,
    );
    expect(
      sourceFor({ ...deploy, "flights:connectionArn": CONNECTION, "flights:repository": "o/r" }),
    ).toEqual({
      connectionArn: CONNECTION,
      repository: "o/r",
      branch: "main",
    });
  });
});

describe("pipelineSynthContext", () => {
  it("passes on the accountmesh:* and flights:* keys as strings, sorted, with accountmesh:target=aws", () => {
    expect(
      pipelineSynthContext({
        "accountmesh:target": "local",
        "accountmesh:orders:consumerAccount": "210987654321",
        "flights:repository": "o/r",
        "accountmesh:flights:region": "eu-west-1",
        "accountmesh:some:list": ["a", 1],
        "accountmesh:unset": undefined,
        "@aws-cdk/core:defaultCrossStackReferences": "weak",
        "aws:cdk:bundling-stacks": [],
      }),
    ).toEqual({
      "accountmesh:flights:region": "eu-west-1",
      "accountmesh:orders:consumerAccount": "210987654321",
      "accountmesh:some:list": '["a",1]',
      "accountmesh:target": "aws",
      "flights:repository": "o/r",
    });
    expect(Object.keys(pipelineSynthContext({ "flights:b": "1", "accountmesh:a": "2" }))).toEqual([
      "accountmesh:a",
      "accountmesh:target",
      "flights:b",
    ]);
  });
});
