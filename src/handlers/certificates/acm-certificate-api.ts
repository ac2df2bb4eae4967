import {
  type ACMClient,
  DeleteCertificateCommand,
  DescribeCertificateCommand,
  ImportCertificateCommand,
} from "@aws-sdk/client-acm";

export interface AcmTag {
  Key: string;
  Value: string;
}

/**
 * The few ACM calls this resource makes. Implementations signal ACM errors by throwing an error whose
 * `name` is the ACM exception name (as AWS SDK v3 does), e.g. "ResourceInUseException".
 */
export interface AcmCertificateApi {
  importCertificate(input: {
    certificate: Uint8Array;
    privateKey: Uint8Array;
    tags: AcmTag[];
  }): Promise<{ certificateArn: string }>;
  deleteCertificate(certificateArn: string): Promise<void>;
  describeCertificate(certificateArn: string): Promise<{ notAfter: Date }>;
}

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
