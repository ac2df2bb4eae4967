import { describe, expect, it } from "vitest";
import { dictionary, ownValue } from "./dictionary.js";

describe("dictionary", () => {
  it.each(["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__"])(
    "treats %s as an ordinary key",
    (key) => {
      const map = dictionary<string[]>();
      expect(map[key]).toBeUndefined();
      map[key] = [...(map[key] ?? []), "1"];
      expect(map[key]).toEqual(["1"]);
      expect(Object.keys(map)).toEqual([key]);
      expect(JSON.parse(JSON.stringify(map))).toEqual(JSON.parse(`{"${key}":["1"]}`));
      expect(structuredClone(map)[key]).toEqual(["1"]);
    },
  );

  it("builds from entries, later entries winning", () => {
    expect({
      ...dictionary([
        ["a", 1],
        ["b", 2],
        ["a", 3],
      ]),
    }).toEqual({ a: 3, b: 2 });
  });
});

describe("ownValue", () => {
  it("reads own members and never inherited ones", () => {
    const parsed = JSON.parse('{"a":"x"}') as Record<string, string>;
    expect(ownValue(parsed, "a")).toBe("x");
    expect(ownValue(parsed, "constructor")).toBeUndefined();
    expect(ownValue(parsed, "toString")).toBeUndefined();
  });
});
