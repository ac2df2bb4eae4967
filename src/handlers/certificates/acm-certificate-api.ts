import {
  type ACMClient,
  DeleteCertificateCommand,
  DescribeCertificateCommand,
  ImportCertificateCommand,
} from "@aws-sdk/client-acm";
import type { AcmCertificateApi } from "./certificate-provider.js";

/** The AWS SDK v3 implementation of AcmCertificateApi. */
export function createAcmCertificateApi(client: ACMClient): AcmCertificateApi {
  return {
    async importCertificate({ certificate, privateKey, tags }) {
      const output = await client.send(
        new ImportCertificateCommand({ Certificate: certificate, PrivateKey: privateKey, Tags: tags }),
      );
      if (output.CertificateArn === undefined)
        throw new Error("ImportCertificate returned no CertificateArn");
      return { certificateArn: output.CertificateArn };
    },
    async deleteCertificate(certificateArn) {
      await client.send(new DeleteCertificateCommand({ CertificateArn: certificateArn }));
    },
    async describeCertificate(certificateArn) {
      const output = await client.send(new DescribeCertificateCommand({ CertificateArn: certificateArn }));
      const notAfter = output.Certificate?.NotAfter;
      if (notAfter === undefined) throw new Error("DescribeCertificate returned no NotAfter");
      return { notAfter };
    },
  };
}
