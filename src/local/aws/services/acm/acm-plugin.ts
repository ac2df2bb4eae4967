// ACM: certificates are leaves of the local CA, registered under the ARNs the templates use.
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createCertificateProviders } from "./acm-providers.js";

export const acmPlugin: ServicePlugin = {
  name: "acm",
  start: (platform) => ({ providers: createCertificateProviders(platform.certificates) }),
};
