// API Gateway v2 (HTTP APIs): APIs, routes, integrations, stages and VPC links from the templates, and
// the front door that serves them from outside every VPC — at `<apiId>.execute-api.<region>.amazonaws.com`
// through the entry point outside every VPC, and on a direct loopback port per API that stands for
// that public HTTPS endpoint. VPC link integrations reach load balancer listeners inside the link's VPC.
import { dictionary } from "../../../../shared/dictionary.js";
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createHttpApiFrontDoor } from "./http-api-front-door.js";
import { createHttpApiProviders } from "./http-api-providers.js";
import { HttpApiState } from "./http-api-state.js";

export const apiGatewayV2Plugin: ServicePlugin = {
  name: "apigatewayv2",
  start(platform) {
    const state = new HttpApiState();
    const { frontDoors } = platform;
    const handler = createHttpApiFrontDoor({
      state,
      listenerByArn: (arn) => frontDoors.listenerByArn(arn),
      aws: platform.aws,
      onServerError: platform.onServerError,
    });
    const regions = [...new Set(platform.model.stacks.map((stack) => stack.region))];
    frontDoors.servePublic({
      name: "API Gateway (HTTP APIs)",
      specific: true,
      matches: (host) => state.apiForHost(host) !== undefined,
      port: 443,
      tlsNames: regions.map((region) => `*.execute-api.${region}.amazonaws.com`),
      handler,
    });
    const local = new Map<string, string>();
    return {
      providers: createHttpApiProviders(state, platform.network),
      unsupported: () => state.unsupported(),
      ready() {
        for (const api of state.apis.values()) {
          if (api.disableExecuteApiEndpoint) continue;
          const host = `${api.id}.execute-api.${api.region}.amazonaws.com`;
          frontDoors.serveLoopback({
            label: `${api.account}/${api.name}/${api.id}`,
            handler: (request) =>
              handler({
                ...request,
                protocol: "https",
                headers: dictionary([
                  ...Object.entries(request.headers).filter(([name]) => name !== "host"),
                  ["host", [host]],
                ]),
              }),
            listening: (url) => {
              local.set(api.id, url);
            },
          });
        }
      },
      endpoints: () => ({
        httpApis: Object.fromEntries(
          [...state.apis.values()].map((api) => [
            `${api.account}/${api.name}`,
            {
              id: api.id,
              url: `https://${api.id}.execute-api.${api.region}.amazonaws.com`,
              ...(local.has(api.id) ? { local: local.get(api.id) } : {}),
              stages: [...api.stages.keys()],
            },
          ]),
        ),
      }),
    };
  },
};
