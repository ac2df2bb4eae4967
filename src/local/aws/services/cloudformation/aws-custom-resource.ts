// CDK's AwsCustomResource (`Custom::*` resources served by the AWS679f53fac002430cb0da5b7982bd2287
// singleton function), run in-process: the `Create` call is made against the local service as the
// custom resource's role (IAM-checked), and the response is flattened the way CDK's handler does
// (`PrefixLists.0.PrefixListId`), keeping only `outputPaths` when given.
import { AccountmeshError } from "../../../../shared/errors.js";
import type { Provisioned } from "../../../assembly/types.js";
import type { NetworkSource } from "../../../http/http-types.js";
import type { AwsClient } from "../../aws-client.js";
import { rolePrincipal } from "../../caller-identity.js";
import { AwsError } from "../../protocol/aws-error.js";

/** CDK's placeholder for the physical resource id inside `parameters`. */
const PHYSICAL_RESOURCE_ID = "PHYSICAL:RESOURCEID:";

interface SdkCall {
  readonly service: string;
  readonly action: string;
  readonly parameters?: Record<string, unknown>;
  readonly physicalResourceId?: { readonly id?: string; readonly responsePath?: string };
  readonly outputPaths?: readonly string[];
  readonly outputPath?: string;
  readonly ignoreErrorCodesMatching?: string;
  readonly region?: string;
  readonly assumedRoleArn?: string;
}

export interface AwsCustomResourceContext {
  /** The role the custom resource's function runs as (its calls are authorized as this role). */
  readonly roleArn: string;
  /** Region of the stack (used unless the call names its own `region`). */
  readonly region: string;
  /** Logical id of the custom resource: the physical id when the call names none. */
  readonly logicalId: string;
  /** Network source of the calls (default: loopback, outside any VPC). */
  readonly source?: NetworkSource;
}

export type AwsCustomResourceRunner = (
  properties: Readonly<Record<string, unknown>>,
  context: AwsCustomResourceContext,
) => Promise<Provisioned>;

/** CDK's `flatten`: nested objects and arrays become dotted keys (`a.0.b`); leaves keep their value. */
export function flattenResponse(value: unknown): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  const walk = (node: unknown, path: readonly string[]): void => {
    if (node !== null && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
      return;
    }
    flat[path.join(".")] = node;
  };
  walk(value, []);
  return flat;
}

function parseCall(properties: Readonly<Record<string, unknown>>, where: string): SdkCall {
  const raw = properties.Create ?? properties.Update;
  let call: unknown = raw;
  if (typeof raw === "string") {
    try {
      call = JSON.parse(raw);
    } catch (error) {
      throw new AccountmeshError(
        "AWS_CUSTOM_RESOURCE_INVALID",
        `${where}: Create is not valid JSON (${(error as Error).message}).`,
        { where },
      );
    }
  }
  if (
    typeof call !== "object" ||
    call === null ||
    typeof (call as SdkCall).service !== "string" ||
    typeof (call as SdkCall).action !== "string"
  ) {
    throw new AccountmeshError(
      "AWS_CUSTOM_RESOURCE_INVALID",
      `${where}: Create must be an SDK call { service, action, parameters?, physicalResourceId? }; received ${JSON.stringify(raw)}.`,
      { where },
    );
  }
  return call as SdkCall;
}

function replacePlaceholder(value: unknown, physicalId: string): unknown {
  if (value === PHYSICAL_RESOURCE_ID) return physicalId;
  if (Array.isArray(value)) return value.map((v) => replacePlaceholder(v, physicalId));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replacePlaceholder(v, physicalId)]));
  }
  return value;
}

/** Runs AwsCustomResource SDK calls through the in-process AWS client, as the resource's role. */
export function createAwsCustomResourceRunner(aws: AwsClient): AwsCustomResourceRunner {
  return async (properties, context) => {
    const where = `custom resource ${context.logicalId}`;
    const call = parseCall(properties, where);
    const service = call.service.toLowerCase().replace(/^@aws-sdk\/client-/, "");
    const action = call.action.charAt(0).toUpperCase() + call.action.slice(1).replace(/Command$/, "");
    if (call.assumedRoleArn !== undefined) {
      throw new AccountmeshError(
        "AWS_CUSTOM_RESOURCE_UNSUPPORTED_CALL",
        `${where} assumes role ${call.assumedRoleArn}; accountmesh runs AwsCustomResource calls only as the resource's own role.`,
        { where, assumedRoleArn: call.assumedRoleArn },
      );
    }
    let physicalId = call.physicalResourceId?.id ?? context.logicalId;
    const region = call.region ?? context.region;
    const principal = rolePrincipal(context.roleArn, `AwsCustomResource-${context.logicalId}`.slice(0, 64));
    const flat: Record<string, unknown> = { region };
    try {
      const output = await aws.call(
        {
          caller: { principal, account: principal.kind === "role" ? principal.account : "" },
          region,
          source: context.source ?? { sourceIp: "127.0.0.1", via: [where] },
          requestId: `${context.logicalId}-create`,
        },
        service,
        action,
        replacePlaceholder(call.parameters ?? {}, physicalId) as Record<string, unknown>,
      );
      Object.assign(flat, flattenResponse(output));
    } catch (error) {
      const code = error instanceof AwsError ? error.code : "Error";
      if (code === "NotImplemented") {
        throw new AccountmeshError(
          "AWS_CUSTOM_RESOURCE_UNSUPPORTED_CALL",
          `${where} calls ${call.service}.${call.action}, which accountmesh does not implement locally (${(error as Error).message}).`,
          { where, service: call.service, action: call.action },
        );
      }
      if (
        call.ignoreErrorCodesMatching === undefined ||
        !new RegExp(call.ignoreErrorCodesMatching).test(code)
      ) {
        throw new AccountmeshError(
          "AWS_CUSTOM_RESOURCE_FAILED",
          `${where}: ${call.service}.${call.action} failed with ${code}: ${(error as Error).message}`,
          { where, code },
        );
      }
    }
    const paths = call.outputPaths ?? (call.outputPath === undefined ? undefined : [call.outputPath]);
    const attributes =
      paths === undefined
        ? flat
        : Object.fromEntries(Object.entries(flat).filter(([key]) => paths.some((p) => key.startsWith(p))));
    const responsePath = call.physicalResourceId?.responsePath;
    if (responsePath !== undefined) {
      const value = flat[responsePath];
      if (value === undefined) {
        throw new AccountmeshError(
          "AWS_CUSTOM_RESOURCE_FAILED",
          `${where}: physicalResourceId.responsePath ${JSON.stringify(responsePath)} is not in the ${call.action} response (keys: ${Object.keys(flat).join(", ")}).`,
          { where, responsePath },
        );
      }
      physicalId = String(value);
    }
    return { ref: physicalId, attributes };
  };
}
