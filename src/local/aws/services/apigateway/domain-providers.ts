// AWS::ApiGateway::DomainName (regional custom domains; the certificate is inert, TLS is the local
// server's business) and AWS::ApiGateway::BasePathMapping.
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import type { ResourceProvider } from "../../../assembly/types.js";
import type { ApiGatewayState, DomainName, EndpointType } from "./api-gateway-state.js";
import { optionalRecord, optionalString, requiredString, stringList, where } from "./properties.js";

export function domainNameProvider(state: ApiGatewayState): ResourceProvider {
  return {
    type: "AWS::ApiGateway::DomainName",
    properties: [
      "DomainName",
      "EndpointConfiguration",
      "RegionalCertificateArn",
      "CertificateArn",
      "SecurityPolicy",
      "Tags",
    ],
    async create(resource) {
      const { account, region } = resource.stack;
      const name = requiredString(resource, "DomainName").toLowerCase();
      const endpoint = optionalRecord(
        resource,
        "EndpointConfiguration",
        resource.properties.EndpointConfiguration,
      );
      const types = stringList(resource, "EndpointConfiguration.Types", endpoint?.Types);
      const certificateArn =
        optionalString(resource, "RegionalCertificateArn") ?? optionalString(resource, "CertificateArn");
      const regionalDomainName = `d-${stableId([account, region, name], 10, "alnum")}.execute-api.${region}.amazonaws.com`;
      const domain: DomainName = {
        name,
        account,
        region,
        endpointTypes: (types.length === 0 ? ["EDGE"] : types) as EndpointType[],
        ...(certificateArn === undefined ? {} : { certificateArn }),
        regionalDomainName,
        mappings: [],
      };
      state.addDomainName(domain);
      return {
        ref: name,
        attributes: {
          RegionalDomainName: regionalDomainName,
          DomainNameArn: `arn:aws:apigateway:${region}::/domainnames/${name}`,
        },
      };
    },
  };
}

export function basePathMappingProvider(state: ApiGatewayState): ResourceProvider {
  return {
    type: "AWS::ApiGateway::BasePathMapping",
    properties: ["DomainName", "BasePath", "RestApiId", "Stage"],
    async create(resource) {
      const domainName = requiredString(resource, "DomainName");
      const domain = state.domainName(domainName);
      if (domain === undefined) {
        throw new AccountmeshError(
          "API_GATEWAY_UNKNOWN_DOMAIN_NAME",
          `${where(resource)}: DomainName ${domainName} names no AWS::ApiGateway::DomainName created so far.`,
          { where: where(resource), domainName },
        );
      }
      const api = state.requireRestApi(resource.properties.RestApiId, where(resource));
      const raw = optionalString(resource, "BasePath") ?? "";
      const basePath = raw === "(none)" ? "" : raw.replace(/^\/+|\/+$/g, "");
      if (domain.mappings.some((mapping) => mapping.basePath === basePath)) {
        throw new AccountmeshError(
          "API_GATEWAY_DUPLICATE_BASE_PATH",
          `${where(resource)}: base path ${JSON.stringify(basePath || "(none)")} is mapped twice on ${domain.name}.`,
          { where: where(resource), domainName: domain.name, basePath },
        );
      }
      const stage = optionalString(resource, "Stage");
      domain.mappings.push({ basePath, restApiId: api.id, ...(stage === undefined ? {} : { stage }) });
      return { ref: `${domain.name}/${basePath || "(none)"}` };
    },
  };
}
