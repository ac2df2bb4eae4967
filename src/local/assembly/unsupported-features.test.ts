import { describe, expect, it } from "vitest";
import { formatUnsupportedReport, UnsupportedFeatureCollector } from "./unsupported-features.js";

describe("UnsupportedFeatureCollector and formatUnsupportedReport", () => {
  it("deduplicates by kind and name, counts, keeps the first place (every place for resources), sorts by kind then name", () => {
    const collector = new UnsupportedFeatureCollector();
    collector.add("inert-type", "AWS::CDK::Metadata", "A/CDKMetadata", "metadata only");
    collector.add("property", "AWS::Lambda::Function.Layers", "A/Fn1");
    collector.add("resource-type", "AWS::EC2::FlowLog", "A/Flow");
    collector.add("property", "AWS::Lambda::Function.Layers", "B/Fn2");
    collector.add("inert-type", "AWS::CDK::Metadata", "B/CDKMetadata", "metadata only");
    collector.add("resource-type", "AWS::SQS::Queue", "A/Queue");
    collector.add("resource-type", "AWS::SQS::Queue", "B/Jobs");
    const features = collector.list();
    expect(features).toEqual([
      { kind: "resource-type", name: "AWS::EC2::FlowLog", where: "A/Flow", count: 1 },
      {
        kind: "resource-type",
        name: "AWS::SQS::Queue",
        where: "A/Queue",
        count: 2,
        places: ["A/Queue", "B/Jobs"],
      },
      { kind: "property", name: "AWS::Lambda::Function.Layers", where: "A/Fn1", count: 2 },
      {
        kind: "inert-type",
        name: "AWS::CDK::Metadata",
        where: "A/CDKMetadata",
        count: 2,
        detail: "metadata only",
      },
    ]);
    expect(Object.isFrozen(features)).toBe(true);
    expect(formatUnsupportedReport(features)).toEqual([
      "resources not created locally (placeholder Ref and attributes in AWS's formats) (2):",
      "  AWS::EC2::FlowLog (A/Flow)",
      "  AWS::SQS::Queue ×2 (A/Queue, B/Jobs)",
      "properties not honoured (1):",
      "  AWS::Lambda::Function.Layers ×2 (e.g. A/Fn1)",
      "resource types with nothing to run locally (1):",
      "  AWS::CDK::Metadata ×2 (e.g. A/CDKMetadata) — metadata only",
    ]);
  });

  it("prints nothing when everything is honoured", () => {
    expect(formatUnsupportedReport([])).toEqual([]);
  });
});
