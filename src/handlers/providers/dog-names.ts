// The dog names service (seed 003, §3.3 of seed-systems.md), rewritten in TypeScript: `/dogs` picks a
// gender 50/50, `/dogs/males` and `/dogs/females` a name of that gender; any method; the Go original's
// capitalized keys (`{"Name":...,"Gender":...}`, no trailing newline); any other path is Go's
// `404 page not found` text. Pure: the caller passes the random source.

export const MALE_NAMES = [
  "Max",
  "Charlie",
  "Cooper",
  "Buddy",
  "Rocky",
  "Bear",
  "Duke",
  "Tucker",
  "Oliver",
  "Jack",
  "Milo",
  "Leo",
  "Zeus",
  "Teddy",
  "Winston",
  "Bentley",
  "Murphy",
  "Louie",
  "Finn",
  "Otis",
  "Bailey",
  "Coco",
  "Lucky",
  "Riley",
  "Shadow",
] as const;

export const FEMALE_NAMES = [
  "Luna",
  "Bella",
  "Daisy",
  "Lucy",
  "Lola",
  "Sadie",
  "Molly",
  "Stella",
  "Maggie",
  "Chloe",
  "Penny",
  "Zoey",
  "Rosie",
  "Ruby",
  "Nala",
  "Willow",
  "Piper",
  "Hazel",
  "Ellie",
  "Olive",
  "Bailey",
  "Coco",
  "Lucky",
  "Riley",
  "Shadow",
] as const;

export interface DogNamesAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Answers `path` (without query); `random()` is in [0, 1) like Math.random. */
export function answerDogNames(path: string, random: () => number): DogNamesAnswer {
  const pick = (gender: "male" | "female"): DogNamesAnswer => {
    const names = gender === "male" ? MALE_NAMES : FEMALE_NAMES;
    const name = names[Math.floor(random() * names.length)] ?? names[0];
    return {
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({ Name: name, Gender: gender }),
    };
  };
  switch (path) {
    case "/dogs":
      return pick(random() < 0.5 ? "male" : "female");
    case "/dogs/males":
      return pick("male");
    case "/dogs/females":
      return pick("female");
    default:
      return { status: 404, contentType: "text/plain; charset=utf-8", body: "404 page not found\n" };
  }
}
