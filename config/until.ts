/**
 * Access that ends by itself: the `until` of a grant, a membership or a person. Pure code: parsing
 * and checking the times, the run's clock, and what the config grants at that clock.
 *
 * A grant is planned while its end is ahead; a one-time EventBridge Scheduler schedule ends it in
 * AWS at that second (components/accessEnds.ts). Once the end has passed the program plans neither
 * the grant nor its schedule, and says so.
 */
/** Code-unit order (config/schema.ts compareText, not imported: schema.ts imports this file). */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** When a grant, a membership or a person's access ends, and why it was given. */
export interface End {
    /** The end, in UTC, to the second: `2026-12-05T18:00:00Z`. */
    readonly until: string;
    /** Free text from the stack file (an incident number, a contract): shown, never interpreted. */
    readonly reason?: string;
}

/**
 * A schedule at a time already past is refused by EventBridge Scheduler, and an `up` takes
 * minutes: a grant that ends within this many minutes of the run's clock is not granted at all, so
 * it ends early rather than late.
 */
export const LEAD_MINUTES = 15;
/** An end further ahead than this warns: a temporary grant for longer than a year is likely a typo. */
export const MAX_AHEAD_DAYS = 366;
/** `reason`: one line, short enough for a schedule's description (Scheduler allows 512 characters). */
export const MAX_REASON = 200;

/** The environment variable that sets the run's clock (ISO 8601 with a time zone, or a date). */
export const CLOCK_VARIABLE = "LANDING_ZONE_NOW";

const TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
/** Date.UTC, except that years 0-99 are those years (Date.UTC reads them as 1900-1999). */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
    const date = new Date(Date.UTC(2000, month, day, hour, minute, second));
    date.setUTCFullYear(year, month, day);
    return date.getTime();
}
/** The last instant Scheduler's `at(yyyy-mm-ddThh:mm:ss)` can say, and the config keeps as text that sorts by time. */
const LAST = Date.UTC(9999, 11, 31, 23, 59, 59);

/**
 * An ISO 8601 time with a time zone (`2026-12-05T18:00:00Z`, `2026-12-05T19:00+01:00`), or a date
 * alone meaning the end of that day in UTC (`2026-12-05` → `2026-12-05T23:59:59Z`), as a UTC
 * instant to the second (fractions of a second are dropped: Scheduler's `at()` has whole seconds).
 * @returns the instant, or a sentence saying why the text is not a real time
 */
export function parseTime(text: string): { readonly time: Date } | { readonly problem: string } {
    const m = TIME.exec(text);
    if (!m) {
        return { problem: "is not an ISO 8601 time: write 2026-12-05T18:00:00Z, 2026-12-05T19:00:00+01:00, or a date alone (2026-12-05, the end of that day in UTC)" };
    }
    const [, y, mo, d, h, mi, s, , zone] = m;
    const [year, month, day] = [Number(y), Number(mo), Number(d)];
    if (month < 1 || month > 12) return { problem: `is not a real time: there is no month ${mo}` };
    const days = month === 2 && leap(year) ? 29 : DAYS[month - 1];
    if (day < 1 || day > days) return { problem: `is not a real time: ${MONTHS[month - 1]} ${year} has ${days} days` };
    if (h === undefined) return { time: new Date(utc(year, month - 1, day, 23, 59, 59)) };
    if (zone === undefined) return { problem: "has no time zone: add Z for UTC or an offset such as +01:00 (or write a date alone, the end of that day in UTC)" };
    const [hour, minute, second] = [Number(h), Number(mi), Number(s ?? 0)];
    if (hour > 23) return { problem: `is not a real time: there is no hour ${h} (00 to 23)` };
    if (minute > 59) return { problem: `is not a real time: there is no minute ${mi} (00 to 59)` };
    if (second > 59) return { problem: `is not a real time: there is no second ${s} (00 to 59; leap seconds are not kept)` };
    let offset = 0;
    if (zone !== "Z") {
        const [oh, om] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
        const most = zone[0] === "-" ? 12 : 14;
        if (oh > most || om > 59 || (oh === most && om > 0)) return { problem: `is not a real time: ${zone} is not a UTC offset (-12:00 to +14:00)` };
        offset = (zone[0] === "-" ? -1 : 1) * (oh * 60 + om);
    }
    const time = utc(year, month - 1, day, hour, minute, second) - offset * 60_000;
    if (time > LAST) return { problem: "is after 9999-12-31T23:59:59Z, the last time EventBridge Scheduler's at() can say" };
    return { time: new Date(time) };
}

/** An instant as the config keeps it: ISO 8601 in UTC to the second, `2026-12-05T18:00:00Z`. */
export function isoSecond(time: Date): string {
    return time.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Scheduler's one-time expression for an instant (evaluated in the schedule's time zone, UTC here). */
export function atExpression(until: string): string {
    return `at(${until.replace(/Z$/, "")})`;
}

/** The instant of an `at(...)` expression in UTC, or undefined for any other expression. */
export function atInstant(expression: string): string | undefined {
    const m = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression);
    return m ? `${m[1]}Z` : undefined;
}

// --- The clock ----------------------------------------------------------------------------------

let processClock: Date | undefined;

/**
 * The run's clock, read once per run: `LANDING_ZONE_NOW` when set (tests, and `npm run plan --
 * --at`), else the machine's clock when first asked, the same for the rest of the process.
 * @throws Error naming the variable when LANDING_ZONE_NOW is not a time
 */
export function runClock(env: Readonly<Record<string, string | undefined>> = process.env): Date {
    const set = env[CLOCK_VARIABLE];
    if (set !== undefined && set !== "") {
        const parsed = parseTime(set);
        if ("problem" in parsed) throw new Error(`${CLOCK_VARIABLE}=${JSON.stringify(set)} ${parsed.problem}`);
        return parsed.time;
    }
    processClock ??= new Date(Math.floor(Date.now() / 1000) * 1000);
    return processClock;
}

// --- Ends at the clock ----------------------------------------------------------------------------

/** The earlier of two ends; no end is later than any. */
export function earlier(a: End | undefined, b: End | undefined): End | undefined {
    if (!a) return b;
    if (!b) return a;
    return compareText(a.until, b.until) <= 0 ? a : b;
}

/** The later of two ends; no end (a grant that does not end) is later than any. */
export function later(a: End | undefined, b: End | undefined): End | undefined {
    if (!a || !b) return undefined;
    return compareText(a.until, b.until) >= 0 ? a : b;
}

/** Where an end stands at the run's clock. */
export type EndState = "ahead" | "imminent" | "past";

export function endState(end: End, now: Date): EndState {
    const at = Date.parse(end.until);
    if (at <= now.getTime()) return "past";
    return at <= now.getTime() + LEAD_MINUTES * 60_000 ? "imminent" : "ahead";
}

/** `2026-12-05 18:00 UTC` (seconds shown only when not zero). */
export function showInstant(until: string): string {
    const [date, time] = until.replace(/Z$/, "").split("T");
    return `${date} ${time.endsWith(":00") ? time.slice(0, 5) : time} UTC`;
}

/** `in 30 h`, `in 3 days`, `in 12 min`, `2 days ago`: how far an end is from the clock. */
export function showDistance(until: string, now: Date): string {
    const ms = Date.parse(until) - now.getTime();
    const minutes = Math.round(Math.abs(ms) / 60_000);
    const text = minutes < 120 ? `${minutes} min` : minutes < 72 * 60 ? `${Math.round(minutes / 60)} h` : `${Math.round(minutes / 1440)} days`;
    return ms >= 0 ? `in ${text}` : `${text} ago`;
}

/** `until 2026-12-05 18:00 UTC (in 30 h), incident 4711`: an end as the plan shows it. */
export function describeEnd(end: End, now: Date): string {
    return `until ${showInstant(end.until)} (${showDistance(end.until, now)})${end.reason ? `, ${end.reason}` : ""}`;
}

/** Ends within this many days are listed first in the plan. */
export const SOON_DAYS = 7;

export function endsSoon(until: string | undefined, now: Date): boolean {
    return until !== undefined && Date.parse(until) - now.getTime() <= SOON_DAYS * 86_400_000;
}
