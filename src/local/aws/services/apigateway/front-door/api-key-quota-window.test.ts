// The period a usage plan's quota counts in (QuotaSettings: Limit per DAY, WEEK or MONTH, in UTC).
// Offset is "the day that a time period starts. For example, with a time period of WEEK, an offset of 0
// starts on Sunday, and an offset of 1 starts on Monday" (the SDKs' QuotaSettings documentation;
// https://docs.aws.amazon.com/apigateway/latest/api/API_QuotaSettings.html).
import { describe, expect, it } from "vitest";
import { quotaWindow } from "./api-key-meter.js";

const at = (month: number, day: number, hour = 0, minute = 0) => Date.UTC(2024, month - 1, day, hour, minute);

describe("quotaWindow", () => {
  it("DAY: one window from UTC midnight to midnight", () => {
    expect(quotaWindow("DAY", 0, at(3, 5, 0, 0))).toBe(quotaWindow("DAY", 0, at(3, 5, 23, 59)));
    expect(quotaWindow("DAY", 0, at(3, 6))).not.toBe(quotaWindow("DAY", 0, at(3, 5, 23, 59)));
  });

  it("WEEK with offset 0: Sunday to Saturday", () => {
    // 2024-03-02 is a Saturday, 03-03 a Sunday, 03-09 the next Saturday.
    const week = (month: number, day: number, hour = 0) => quotaWindow("WEEK", 0, at(month, day, hour));
    expect(week(3, 2, 23)).not.toBe(week(3, 3));
    expect(week(3, 3)).toBe(week(3, 4));
    expect(week(3, 3)).toBe(week(3, 9, 23));
    expect(week(3, 10)).not.toBe(week(3, 9, 23));
  });

  it("WEEK with offset 1: Monday to Sunday", () => {
    const week = (month: number, day: number) => quotaWindow("WEEK", 1, at(month, day));
    expect(week(3, 2)).toBe(week(3, 3));
    expect(week(3, 4)).not.toBe(week(3, 3));
    expect(week(3, 4)).toBe(week(3, 10));
  });

  it("MONTH with offset 0: calendar months", () => {
    const month = (m: number, day: number, hour = 0) => quotaWindow("MONTH", 0, at(m, day, hour));
    expect(month(3, 1)).toBe(month(3, 31, 23));
    expect(month(3, 1)).not.toBe(month(2, 29, 23));
    expect(month(4, 1)).not.toBe(month(3, 31, 23));
  });

  it("MONTH with offset 2: from the 3rd to the 2nd of the next month", () => {
    const month = (m: number, day: number) => quotaWindow("MONTH", 2, at(m, day));
    expect(month(3, 2)).toBe(month(2, 3));
    expect(month(3, 3)).not.toBe(month(3, 2));
    expect(month(3, 3)).toBe(month(4, 2));
  });
});
