/**
 * EventBridge Scheduler schedule expressions, checked offline the way the service checks them, so a
 * bad `sandbox.nuke.schedule` fails before `pulumi up` and not halfway through it.
 *
 * The rules are those of the EventBridge Scheduler User Guide, "Schedule types on EventBridge
 * Scheduler" (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html) and the
 * `ScheduleExpression` member of CreateSchedule:
 * - `rate(value unit)`: a positive whole number and `minute|minutes|hour|hours|day|days`; one is
 *   singular (`rate(1 day)`), more are plural (`rate(7 days)`), as EventBridge has always required;
 * - `cron(minutes hours day-of-month month day-of-week year)`: six fields; day-of-month and
 *   day-of-week cannot both be given: exactly one of them is `?`; ranges, lists, `/` increments,
 *   `L`, `W` and `#` where the guide allows them; months `1-12` or `JAN-DEC`, days `1-7` or
 *   `SUN-SAT`, years `1970-2199`;
 * - `at(yyyy-mm-ddThh:mm:ss)`: a one-time schedule.
 * Times are UTC unless the schedule names a time zone (the program does not).
 */

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface Field {
    readonly name: string;
    readonly min: number;
    readonly max: number;
    readonly names?: readonly string[];
}
const FIELDS: readonly Field[] = [
    { name: "minutes", min: 0, max: 59 },
    { name: "hours", min: 0, max: 23 },
    { name: "day-of-month", min: 1, max: 31 },
    { name: "month", min: 1, max: 12, names: MONTHS },
    { name: "day-of-week", min: 1, max: 7, names: DAYS },
    { name: "year", min: 1970, max: 2199 },
];

/** The number a field value stands for (`5`, `FRI`), or undefined. */
function valueOf(field: Field, text: string): number | undefined {
    if (/^\d+$/.test(text)) {
        const n = Number(text);
        return n >= field.min && n <= field.max ? n : undefined;
    }
    const at = field.names?.indexOf(text.toUpperCase()) ?? -1;
    return at >= 0 ? at + field.min : undefined;
}

function itemProblem(field: Field, item: string): string | undefined {
    const range = `${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ""}`;
    const bad = `${field.name} ${JSON.stringify(item)} is not a value (${range}), a range a-b, a list a,b, an increment a/n or *`;
    if (item === "*") return undefined;
    if (field.name === "day-of-month" && (item === "L" || /^\d{1,2}W$/.test(item))) {
        return item === "L" || valueOf(field, item.slice(0, -1)) !== undefined ? undefined : bad;
    }
    if (field.name === "day-of-week") {
        const nth = /^([^#]+)#([1-5])$/.exec(item);
        if (nth) return valueOf(field, nth[1]) !== undefined ? undefined : bad;
        if (/^.+L$/.test(item) && valueOf(field, item.slice(0, -1)) !== undefined) return undefined;
        if (item === "L") return undefined;
    }
    const increment = /^([^/]+)\/(\d+)$/.exec(item);
    if (increment) {
        const start = increment[1] === "*" ? field.min : valueOf(field, increment[1]);
        const step = Number(increment[2]);
        return start !== undefined && step >= 1 && step <= field.max ? undefined : bad;
    }
    const span = /^([^-]+)-([^-]+)$/.exec(item);
    if (span) return valueOf(field, span[1]) !== undefined && valueOf(field, span[2]) !== undefined ? undefined : bad;
    return valueOf(field, item) !== undefined ? undefined : bad;
}

function cronProblem(body: string): string | undefined {
    const fields = body.trim().split(/\s+/);
    if (fields.length !== 6) {
        return `cron needs six fields (minutes hours day-of-month month day-of-week year), got ${fields.length}: e.g. cron(0 18 ? * FRI *)`;
    }
    const [dayOfMonth, dayOfWeek] = [fields[2], fields[4]];
    if ((dayOfMonth === "?") === (dayOfWeek === "?")) {
        return "exactly one of day-of-month (3rd field) and day-of-week (5th field) must be ?: e.g. cron(0 18 ? * FRI *) or cron(0 18 1 * ? *)";
    }
    for (let i = 0; i < 6; i++) {
        if (fields[i] === "?") {
            if (i === 2 || i === 4) continue;
            return `${FIELDS[i].name} cannot be ?: only day-of-month and day-of-week can`;
        }
        for (const item of fields[i].split(",")) {
            const problem = itemProblem(FIELDS[i], item);
            if (problem) return problem;
        }
    }
    return undefined;
}

function rateProblem(body: string): string | undefined {
    const m = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body.trim());
    if (!m) return "rate needs a positive whole number and a unit (minute(s), hour(s) or day(s)): e.g. rate(7 days)";
    const value = Number(m[1]);
    if (value < 1) return "rate needs a positive value: e.g. rate(1 day)";
    const plural = m[2].endsWith("s");
    if (value === 1 && plural) return `a rate of 1 takes the singular unit: rate(1 ${m[2].slice(0, -1)})`;
    if (value > 1 && !plural) return `a rate above 1 takes the plural unit: rate(${value} ${m[2]}s)`;
    return undefined;
}

function atProblem(body: string): string | undefined {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
    if (!m) return "at needs a date and time yyyy-mm-ddThh:mm:ss: e.g. at(2026-12-24T18:00:00)";
    const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    const same = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
    if (!same || hour > 23 || minute > 59 || second > 59) return `at(${body}) is not a date and time that exists`;
    return undefined;
}

/**
 * What is wrong with an EventBridge Scheduler expression, in a sentence; undefined when it is valid.
 * @example scheduleProblem("cron(0 18 * * FRI *)") // "exactly one of day-of-month ... must be ?: ..."
 */
export function scheduleProblem(expression: string): string | undefined {
    const m = /^(rate|cron|at)\((.*)\)$/.exec(expression);
    if (!m) return "is not a schedule expression: rate(value unit), cron(six fields) or at(yyyy-mm-ddThh:mm:ss), e.g. cron(0 18 ? * FRI *) or rate(7 days)";
    if (m[1] === "rate") return rateProblem(m[2]);
    if (m[1] === "cron") return cronProblem(m[2]);
    return atProblem(m[2]);
}
