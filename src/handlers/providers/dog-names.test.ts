import { describe, expect, it } from "vitest";
import { answerDogNames, FEMALE_NAMES, MALE_NAMES } from "./dog-names.js";

describe("the dog names service (seed 003 shapes)", () => {
  it("/dogs picks the gender 50/50, then a name of that gender, with the Go service's capitalized keys", () => {
    const low = [0.1, 0.0];
    expect(answerDogNames("/dogs", () => low.shift() ?? 0)).toEqual({
      status: 200,
      contentType: "application/json",
      body: `{"Name":"${MALE_NAMES[0]}","Gender":"male"}`,
    });
    const high = [0.9, 0.999];
    expect(JSON.parse(answerDogNames("/dogs", () => high.shift() ?? 0).body)).toEqual({
      Name: FEMALE_NAMES.at(-1),
      Gender: "female",
    });
  });

  it("/dogs/males and /dogs/females name only their gender; anything else is Go's 404 text", () => {
    expect(JSON.parse(answerDogNames("/dogs/males", () => 0.5).body).Gender).toBe("male");
    expect(JSON.parse(answerDogNames("/dogs/females", () => 0.5).body).Gender).toBe("female");
    expect(answerDogNames("/dogs/other", () => 0)).toEqual({
      status: 404,
      contentType: "text/plain; charset=utf-8",
      body: "404 page not found\n",
    });
  });
});
