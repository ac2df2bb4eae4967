// Route 53 private hosted zones: names that resolve only inside the VPCs a zone is associated with.
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createRoute53Providers } from "./route53-providers.js";

export const route53Plugin: ServicePlugin = {
  name: "route53",
  start: (platform) => ({ providers: createRoute53Providers(platform.network) }),
};
