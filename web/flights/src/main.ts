// The flights web app (seed 002's WebUI, rebuilt with Lit): a booking form and the table of bookings
// with their airmiles. Fixed from the original: San Francisco is SFO in key and label, every
// destination has its image, a failure says "Booking failed" with the API's message, and airmiles
// that arrive after the booking (they are computed asynchronously) appear without a reload.
import { css, html, LitElement } from "lit";
import { AGE_GROUPS, AIRPORTS, airportImage, airportLabel, BOOKING_CLASSES } from "./airports.js";
import { type AppConfig, airmilesOf, type Booking, createBooking, listBookings, loadConfig } from "./api.js";

/** How often and how long the table asks again for airmiles not yet recorded. */
const AIRMILES_POLL_MS = 1000;
const AIRMILES_POLL_TIMES = 30;

export class FlightsApp extends LitElement {
  static override properties = {
    bookings: { state: true },
    airmiles: { state: true },
    status: { state: true },
    from: { state: true },
    to: { state: true },
    departure: { state: true },
    returning: { state: true },
  };

  declare bookings: Booking[];
  declare airmiles: Record<string, string>;
  declare status: { kind: "success" | "error" | "info"; text: string } | undefined;
  declare from: string;
  declare to: string;
  declare departure: string;
  declare returning: string;
  #config: AppConfig | undefined;
  #polls = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.bookings = [];
    this.airmiles = {};
    this.status = undefined;
    this.from = "";
    this.to = "";
    this.departure = "";
    this.returning = "";
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  async #start(): Promise<void> {
    try {
      this.#config = await loadConfig();
      await this.#refresh();
    } catch (error) {
      this.status = { kind: "error", text: `Cannot load bookings: ${(error as Error).message}` };
    }
  }

  async #refresh(): Promise<void> {
    const config = this.#config;
    if (config === undefined) return;
    this.bookings = await listBookings(config);
    this.#polls = 0;
    await this.#fetchAirmiles();
  }

  async #fetchAirmiles(): Promise<void> {
    const config = this.#config;
    if (config === undefined) return;
    clearTimeout(this.#timer);
    const missing = this.bookings.filter((b) => this.airmiles[b.booking_number] === undefined);
    const found = await Promise.all(
      missing.map(async (b) => [b.booking_number, await airmilesOf(config, b.booking_number)] as const),
    );
    const known = { ...this.airmiles };
    for (const [id, miles] of found) if (miles !== undefined) known[id] = miles;
    this.airmiles = known;
    const stillMissing = this.bookings.some((b) => known[b.booking_number] === undefined);
    if (stillMissing && this.#polls++ < AIRMILES_POLL_TIMES) {
      this.#timer = setTimeout(() => void this.#fetchAirmiles(), AIRMILES_POLL_MS);
    }
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const config = this.#config;
    if (config === undefined) return;
    const form = new FormData(event.target as HTMLFormElement);
    const field = (name: string) => String(form.get(name) ?? "");
    try {
      const created = await createBooking(config, {
        first_name: field("first_name"),
        last_name: field("last_name"),
        from_airport: field("from_airport"),
        to_airport: field("to_airport"),
        departure_date: field("departure_date"),
        return_date: field("return_date"),
        age_group: field("age_group"),
        booking_class: field("booking_class"),
      });
      this.status = { kind: "success", text: `Booking success: ${created.booking_number}` };
      await this.#refresh();
    } catch (error) {
      this.status = { kind: "error", text: `Booking failed: ${(error as Error).message}` };
    }
  }

  /** Every airport, the one chosen in the other list hidden (options stay put, so a choice never shifts). */
  #airportOptions(hidden: string, selected: string) {
    return AIRPORTS.map(
      (a) =>
        html`<option value=${a.code} ?hidden=${a.code === hidden} ?disabled=${a.code === hidden} ?selected=${a.code === selected}>${airportLabel(a)}</option>`,
    );
  }

  override render() {
    const background = this.to === "" ? "none" : `url(${airportImage(this.to)})`;
    return html`
      <header style="background-image: ${background}">
        <h1>Book a flight</h1>
      </header>
      <form @submit=${this.#submit}>
        <label>First name <input name="first_name" required autocomplete="given-name" /></label>
        <label>Last name <input name="last_name" required autocomplete="family-name" /></label>
        <label>From
          <select name="from_airport" required @change=${(e: Event) => (this.from = (e.target as HTMLSelectElement).value)}>
            <option value="" disabled selected>Choose an airport</option>
            ${this.#airportOptions(this.to, this.from)}
          </select>
        </label>
        <label>To
          <select name="to_airport" required @change=${(e: Event) => (this.to = (e.target as HTMLSelectElement).value)}>
            <option value="" disabled selected>Choose an airport</option>
            ${this.#airportOptions(this.from, this.to)}
          </select>
        </label>
        <label>Departure
          <input type="date" name="departure_date" required max=${this.returning || ""}
            @change=${(e: Event) => (this.departure = (e.target as HTMLInputElement).value)} />
        </label>
        <label>Return
          <input type="date" name="return_date" required min=${this.departure || ""}
            @change=${(e: Event) => (this.returning = (e.target as HTMLInputElement).value)} />
        </label>
        <label>Class
          <select name="booking_class">
            ${BOOKING_CLASSES.map((c) => html`<option value=${c}>${c}</option>`)}
          </select>
        </label>
        <fieldset>
          <legend>Age group</legend>
          ${AGE_GROUPS.map(
            (g) =>
              html`<label class="inline"><input type="radio" name="age_group" value=${g} ?checked=${g === "Adult"} /> ${g}</label>`,
          )}
        </fieldset>
        <button type="submit">Book</button>
      </form>
      <p role="status" class=${this.status?.kind ?? "info"}>${this.status?.text ?? ""}</p>
      <table>
        <thead>
          <tr>
            <th>Booking Number</th><th>Name</th><th>From</th><th>To</th><th>Departure</th>
            <th>Return</th><th>Age Group</th><th>Class</th><th>Mileages</th>
          </tr>
        </thead>
        <tbody>
          ${this.bookings.map(
            (b) => html`<tr data-booking=${b.booking_number}>
              <td>${b.booking_number}</td><td>${b.first_name} ${b.last_name}</td><td>${b.from_airport}</td>
              <td>${b.to_airport}</td><td>${b.departure_date}</td><td>${b.return_date}</td>
              <td>${b.age_group}</td><td>${b.booking_class}</td>
              <td class="airmiles">${this.airmiles[b.booking_number] ?? ""}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    `;
  }

  static override styles = css`
    :host { display: block; font-family: system-ui, sans-serif; max-width: 64rem; margin: 0 auto; color: #1d2733; }
    header { background: #0b3d5c center bottom / cover no-repeat; color: white; padding: 2rem 1rem 6rem; border-radius: 0.5rem; }
    h1 { margin: 0; text-shadow: 0 1px 3px #0008; }
    form { display: grid; grid-template-columns: repeat(2, 1fr); gap: 0.75rem 1.5rem; margin: 1rem 0; }
    label { display: flex; flex-direction: column; font-size: 0.9rem; gap: 0.25rem; }
    label.inline { flex-direction: row; align-items: center; display: inline-flex; margin-right: 1rem; }
    input, select, button { font: inherit; padding: 0.4rem; }
    fieldset { border: 1px solid #c7d0d9; border-radius: 0.25rem; }
    button { grid-column: span 2; background: #0b6e4f; color: white; border: 0; border-radius: 0.25rem; cursor: pointer; }
    [role="status"].success { color: #0b6e4f; }
    [role="status"].error { color: #b00020; }
    table { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
    th, td { border-bottom: 1px solid #e1e6eb; padding: 0.4rem; text-align: left; }
  `;
}

customElements.define("flights-app", FlightsApp);
