// AWS::CloudFront::Distribution and AWS::CloudFront::OriginAccessControl. A distribution's id is
// `E` + 13 upper-case letters and digits and its domain `<d>.cloudfront.net` (14 lower-case letters
// and digits), deterministic across restarts. Honoured: the origins (S3 buckets, with or without an
// origin access control), the default cache behaviour's target origin, viewer protocol policy and
// allowed methods, the default root object and custom error responses. Everything else of the
// DistributionConfig is reported by name (caching, functions, WAF and logging do not change what
// a local request gets).

import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import { resourceLabel } from "../../../assembly/resource-properties.js";
import type { ResolvedResource, ResourceProvider, UnsupportedFeature } from "../../../assembly/types.js";
import type { Distribution, DistributionOrigin, ErrorResponse } from "./distributions.js";

const HONOURED_CONFIG = new Set([
  "Origins",
  "DefaultCacheBehavior",
  "DefaultRootObject",
  "CustomErrorResponses",
  "Enabled",
  "Comment",
  "HttpVersion",
  "IPV6Enabled",
  "PriceClass",
]);
/** Settings that change caching or delivery on AWS but not what a local request is answered. */
const INERT_CONFIG = new Set(["Logging", "ViewerCertificate", "WebACLId", "Restrictions"]);

type Json = Readonly<Record<string, unknown>>;

export interface CloudFrontProviderDeps {
  add(distribution: Distribution): void;
  report(feature: UnsupportedFeature): void;
}

function originOf(resource: ResolvedResource, raw: Json): DistributionOrigin {
  const domainName = String(raw.DomainName ?? "");
  const bucket = /^(.+)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com$/.exec(domainName)?.[1];
  if (bucket === undefined || raw.S3OriginConfig === undefined) {
    throw new AccountmeshError(
      "CLOUDFRONT_ORIGIN_UNSUPPORTED",
      `${resourceLabel(resource)}: origin ${String(raw.Id)} (${domainName}) is not an S3 bucket origin; accountmesh serves S3 origins only. Received ${JSON.stringify(raw)}.`,
      { origin: raw.Id },
    );
  }
  const s3 = raw.S3OriginConfig as Json;
  const oai = String(s3.OriginAccessIdentity ?? "");
  return {
    id: String(raw.Id),
    bucket,
    originPath: String(raw.OriginPath ?? ""),
    ...(raw.OriginAccessControlId === undefined
      ? {}
      : { originAccessControlId: String(raw.OriginAccessControlId) }),
    ...(oai === "" ? {} : { originAccessIdentity: oai }),
  };
}

function errorResponses(config: Json): ErrorResponse[] {
  const list = (config.CustomErrorResponses ?? []) as Json[];
  return list.map((item) => ({
    errorCode: Number(item.ErrorCode),
    ...(item.ResponseCode === undefined ? {} : { responseCode: Number(item.ResponseCode) }),
    ...(item.ResponsePagePath === undefined ? {} : { responsePagePath: String(item.ResponsePagePath) }),
  }));
}

export function createCloudFrontProviders(deps: CloudFrontProviderDeps): ResourceProvider[] {
  return [
    {
      type: "AWS::CloudFront::OriginAccessControl",
      properties: ["OriginAccessControlConfig"],
      async create(resource) {
        const id = `E${stableId([resource.stack.account, resource.stack.stackName, resource.logicalId], 13, "alnum").toUpperCase()}`;
        return { ref: id, attributes: { Id: id } };
      },
    },
    {
      type: "AWS::CloudFront::Distribution",
      properties: ["DistributionConfig", "Tags"],
      async create(resource) {
        const { account } = resource.stack;
        const parts = [account, resource.stack.stackName, resource.logicalId];
        const id = `E${stableId(parts, 13, "alnum").toUpperCase()}`;
        const domainName = `d${stableId([...parts, "domain"], 13, "alnum")}.cloudfront.net`;
        const config = (resource.properties.DistributionConfig ?? {}) as Json;
        for (const name of Object.keys(config)) {
          if (HONOURED_CONFIG.has(name) || INERT_CONFIG.has(name)) continue;
          deps.report({
            kind: "property",
            name: `AWS::CloudFront::Distribution.DistributionConfig.${name}`,
            where: `${resource.stack.stackName}/${resource.logicalId}`,
            count: 1,
            detail:
              "not honoured locally: every request goes to the default cache behaviour's origin, uncached",
          });
        }
        const behavior = (config.DefaultCacheBehavior ?? {}) as Json;
        const origins = ((config.Origins ?? []) as Json[]).map((raw) => originOf(resource, raw));
        for (const origin of origins.filter((o) => o.originAccessIdentity !== undefined)) {
          deps.report({
            kind: "property",
            name: "AWS::CloudFront::Distribution.DistributionConfig.Origins.S3OriginConfig.OriginAccessIdentity",
            where: `${resource.stack.stackName}/${resource.logicalId}`,
            count: 1,
            detail: `origin ${origin.id}: legacy origin access identities are not honoured locally (its requests reach S3 anonymously); use an origin access control`,
          });
        }
        const target = origins.find((origin) => origin.id === behavior.TargetOriginId);
        if (target === undefined) {
          throw new AccountmeshError(
            "CLOUDFRONT_ORIGIN_NOT_FOUND",
            `${resourceLabel(resource)}: DefaultCacheBehavior.TargetOriginId ${JSON.stringify(behavior.TargetOriginId)} names no origin (origins: ${origins.map((o) => o.id).join(", ")}).`,
            {},
          );
        }
        deps.add({
          id,
          account,
          arn: `arn:aws:cloudfront::${account}:distribution/${id}`,
          domainName,
          origin: target,
          defaultRootObject: String(config.DefaultRootObject ?? ""),
          viewerProtocolPolicy: String(behavior.ViewerProtocolPolicy ?? "allow-all"),
          allowedMethods: ((behavior.AllowedMethods as string[] | undefined) ?? ["GET", "HEAD"]).map(String),
          errorResponses: errorResponses(config),
          enabled: config.Enabled !== false && config.Enabled !== "false",
        });
        return { ref: id, attributes: { Id: id, DomainName: domainName } };
      },
    },
  ];
}
