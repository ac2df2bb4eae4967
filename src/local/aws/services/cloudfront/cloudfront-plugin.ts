// CloudFront: distributions with S3 origins (origin access control decided by the bucket policy
// through the decision point), served at `https://<d>.cloudfront.net` through the entry point outside
// every VPC (a certificate of the local CA for `*.cloudfront.net`) and, without any proxy, on a
// loopback port per distribution that stands for its HTTPS address.
import { dictionary } from "../../../../shared/dictionary.js";
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createCloudFrontProviders } from "./cloudfront-providers.js";
import { createDistributionDoor } from "./distribution-door.js";
import { Distributions } from "./distributions.js";

export const cloudFrontPlugin: ServicePlugin = {
  name: "cloudfront",
  start(platform) {
    const distributions = new Distributions();
    const door = createDistributionDoor({
      distributions,
      aws: platform.aws,
      onServerError: platform.onServerError,
    });
    const local = new Map<string, string>();
    // HTTPS on 443 and plain HTTP on 80 (where the viewer protocol policy redirects or refuses).
    for (const [port, tlsNames] of [
      [443, ["*.cloudfront.net"]],
      [80, []],
    ] as const) {
      platform.frontDoors.servePublic({
        name: "CloudFront distributions",
        matches: (host) => distributions.byHost(host) !== undefined,
        port,
        tlsNames,
        handler: door,
      });
    }
    return {
      providers: createCloudFrontProviders({
        add: (distribution) => distributions.add(distribution),
        report: (feature) => platform.report(feature),
      }),
      ready() {
        for (const distribution of distributions.all()) {
          platform.frontDoors.serveLoopback({
            label: `${distribution.account}/cloudfront/${distribution.id}`,
            handler: (request) =>
              door({
                ...request,
                protocol: "https",
                headers: dictionary([
                  ...Object.entries(request.headers).filter(([name]) => name !== "host"),
                  ["host", [distribution.domainName]],
                ]),
              }),
            listening: (url) => {
              local.set(distribution.id, url);
            },
          });
        }
      },
      endpoints: () =>
        distributions.all().length === 0
          ? {}
          : {
              distributions: Object.fromEntries(
                distributions.all().map((distribution) => [
                  `${distribution.account}/${distribution.id}`,
                  {
                    id: distribution.id,
                    url: `https://${distribution.domainName}/`,
                    ...(local.has(distribution.id) ? { local: `${local.get(distribution.id)}/` } : {}),
                  },
                ]),
              ),
            },
    };
  },
};
