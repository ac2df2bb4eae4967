// The REST API's BinaryMediaTypes decide whether bodies travel base64-encoded between API Gateway and
// a Lambda proxy integration (`image/png`, `image/*`, `*/*`).

export function isBinaryMediaType(
  mediaType: string | undefined,
  binaryMediaTypes: readonly string[],
): boolean {
  if (mediaType === undefined || mediaType === "") {
    return false;
  }
  const [type = "", subtype = ""] = mediaType.toLowerCase().split("/");
  return binaryMediaTypes.some((pattern) => {
    const [patternType = "", patternSubtype = ""] = pattern.toLowerCase().split("/");
    return (
      (patternType === "*" || patternType === type) && (patternSubtype === "*" || patternSubtype === subtype)
    );
  });
}
