// ACM locally: certificates are leaves of the local CA. `Custom::SelfSignedCertificate` (our
// deploy-time provider on AWS, which imports a self-signed certificate into ACM) becomes a local
// certificate with the same names, registered under the ARN the template sees.
import { stableId } from "../../../../shared/ids.js";
import { requiredText, textList } from "../../../assembly/resource-properties.js";
import type { ResourceProvider } from "../../../assembly/types.js";
import type { CertificateStore } from "../../../network/certificate-store.js";

export function createCertificateProviders(store: CertificateStore): ResourceProvider[] {
  return [
    {
      type: "Custom::SelfSignedCertificate",
      properties: [
        "ServiceToken",
        "CommonName",
        "SubjectAlternativeNames",
        "ValidityDays",
        "KeyType",
        "Tags",
      ],
      async create(resource) {
        const { account, region, stackName } = resource.stack;
        const commonName = requiredText(resource, "CommonName");
        const names = [
          commonName,
          ...textList(resource, "SubjectAlternativeNames").filter((n) => n !== commonName),
        ];
        const id = stableId([account, stackName, resource.logicalId], 32);
        const arn = `arn:aws:acm:${region}:${account}:certificate/${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`;
        store.register(arn, names);
        await store.issue(names);
        return { ref: arn, attributes: { CertificateArn: arn } };
      },
    },
  ];
}
