import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClock } from "../../src/sandbox/common/clock.js";
import { addDays, mondayOf } from "../../src/time/local.js";
import { BEFORE_MIDNIGHT, INSTANTS, type RawHubmis, startRaw, WEDNESDAY, waitUntil } from "./hubmis-http.js";

/** Raw HTTP: paths from hubmis-paths.md, bare arrays and objects, paging, filters, sorting, errors. */

type Row = Record<string, unknown> & { id: number };
let hub: RawHubmis;
const today = WEDNESDAY;
const monday = mondayOf(WEDNESDAY);

beforeAll(async () => {
  // Pinned at 16:00 on the Wednesday: both of its registers are in.
  hub = await startRaw();
});
afterAll(async () => {
  await hub.close();
});

const rows = async (path: string) => {
  const { status, body } = await hub.getJson<Row[]>(path);
  expect(status, path).toBe(200);
  expect(Array.isArray(body), path).toBe(true);
  return body;
};
const form = async (code: string) =>
  (await rows("/academic-years/12/forms")).find((f) => f["code"] === code) as Row;

describe("HUBmis sandbox API", () => {
  it("pages students with page[size] up to 100 and ends on a short page", async () => {
    const seen = new Set<number>();
    let page = 1;
    let last: Row[] = [];
    do {
      last = await rows(`/students?filter[enrolmentStatus]=current&page[size]=100&page[number]=${page}`);
      for (const s of last) seen.add(s.id);
      page++;
    } while (last.length === 100);
    expect(seen.size).toBe(600);
    expect(page - 1).toBe(7); // six full pages and an empty seventh
    const defaults = await rows("/students");
    expect(defaults).toHaveLength(25);
    const tooBig = await hub.getJson<{ error: string; message: string }>("/students?page[size]=101");
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.message).toContain("at most 100");
    expect((await hub.get("/students?page[number]=0")).status).toBe(400);
  });

  it("filters students by form, year group, house and tutor group, and searches names", async () => {
    const nineR = await form("9R");
    const members = await rows(`/students?filter[form]=${nineR.id}&page[size]=100`);
    expect(members.length).toBeGreaterThan(15);
    for (const s of members) expect((s["form"] as Row).id).toBe(nineR.id);
    const byMembers = await rows(`/forms/${nineR.id}/students`);
    expect(byMembers.map((s) => s.id).sort()).toEqual(members.map((s) => s.id).sort());
    const year9 = (await rows("/academic-years/12/year-groups")).find((y) => y["name"] === "Year 9") as Row;
    expect(year9["total_student_count"]).toBe(90);
    expect(await rows(`/students?filter[yearGroup]=${year9.id}&page[size]=100`)).toHaveLength(90);
    const green = (await rows("/houses")).find((h) => h["name"] === "Green House") as Row;
    const greenMembers = await rows(`/students?filter[house]=${green.id}&page[size]=100`);
    for (const s of greenMembers) expect((s["academic_house"] as Row).id).toBe(green.id);
    expect((await rows(`/houses/${green.id}/students`)).length).toBeGreaterThan(100);
    const tutorGroups = await rows("/academic-years/12/tutor-groups?search=TG09X");
    expect(tutorGroups.map((t) => t["code"])).toEqual(["TG09X"]);
    const tg = await rows(`/students?filter[tutorGroup]=${tutorGroups[0]?.id}&page[size]=100`);
    expect(tg.length).toBe(tutorGroups[0]?.["student_count"]);
    const someone = members[0] as Row;
    const found = await rows(
      `/students?search=${encodeURIComponent(String(someone["last_name"]))}&page[size]=100`,
    );
    expect(found.map((s) => s.id)).toContain(someone.id);
    for (const s of found)
      expect(String(s["last_name"]) + String(s["first_name"])).toMatch(
        new RegExp(String(someone["last_name"]), "i"),
      );
  });

  it("sorts with sort[field]=asc|desc and rejects unknown sorts and filters", async () => {
    const asc = await rows("/students?sort[lastName]=asc&page[size]=50");
    const names = asc.map((s) => String(s["last_name"]));
    expect(names).toEqual([...names].sort());
    const desc = await rows("/students?sort[dateOfBirth]=desc&page[size]=50");
    const dobs = desc.map((s) => String(s["date_of_birth"]));
    expect(dobs).toEqual([...dobs].sort().reverse());
    for (const bad of [
      "/students?sort[shoeSize]=asc",
      "/students?sort[lastName]=up",
      "/students?filter[colour]=red",
      "/students?filter[form]=9R",
    ]) {
      const response = await hub.getJson<{ error: string; status_code: number }>(bad);
      expect(response.status, bad).toBe(400);
      expect(response.body).toMatchObject({ error: "invalid_query", status_code: 400 });
    }
  });

  it("answers single records as bare objects and unknown ids with 404 in the error shape", async () => {
    const student = await hub.getJson<Row>("/students/5001");
    expect(student.status).toBe(200);
    expect(student.body).toMatchObject({
      id: 5001,
      first_name: expect.any(String),
      enrolment_status: "current",
    });
    for (const path of [
      "/students/999999",
      "/students/abc",
      "/staff/1",
      "/contacts/1",
      "/houses/1",
      "/pastoral/events/1",
      "/academic-years/99/forms",
      "/nowhere",
    ]) {
      const response = await hub.getJson<{ error: string; status_code: number }>(path);
      expect(response.status, path).toBe(404);
      expect(response.body).toMatchObject({ error: "not_found", status_code: 404 });
    }
    for (const sub of ["enrolment", "consent", "destination", "doctor", "learning-support"]) {
      const response = await hub.getJson<Row>(`/students/5001/${sub}`);
      expect(response.status, sub).toBe(200);
      expect(Array.isArray(response.body)).toBe(false);
    }
    const contacts = await rows("/students/5001/contacts");
    expect(contacts.length).toBeGreaterThan(0);
    expect(contacts[0]).toMatchObject({
      contact: { first_name: expect.any(String) },
      relationship: { name: expect.any(String) },
    });
  });

  it("lists staff with a status filter, and finds Mr Patel by search", async () => {
    const current = await rows("/staff?filter[status]=current&page[size]=100");
    const past = await rows("/staff?filter[status]=past&page[size]=100");
    expect(current.length + past.length).toBeGreaterThanOrEqual(55);
    for (const s of past) expect(s["status"]).toBe("past");
    const patel = await rows("/staff?search=patel");
    expect(patel).toHaveLength(1);
    expect(patel[0]).toMatchObject({ title: { name: "Mr" }, last_name: "Patel" });
    expect((await hub.get("/staff?filter[status]=retired")).status).toBe(400);
  });

  it("expands timetables to dates through the calendar endpoints", async () => {
    const patel = (await rows("/staff?search=patel"))[0] as Row;
    const tomorrow = addDays(WEDNESDAY, 1);
    const { body } = await hub.getJson<{ calendar: Row[] }>(
      `/staff/${patel.id}/timetable/calendar?filter[date]=${tomorrow}`,
    );
    const p4 = body.calendar.find((l) => (l["period"] as Row)["code"] === "P4");
    expect(p4).toMatchObject({ date: tomorrow, start_time: "12:10:00", subject: { name: "Mathematics" } });
    const week = await hub.getJson<{ calendar: Row[] }>(
      `/students/5001/timetable/calendar?filter[dateFrom]=${monday}&filter[dateTo]=${addDays(WEDNESDAY, 4)}`,
    );
    expect(week.body.calendar).toHaveLength(30); // five days of six periods
    const saturday = addDays(monday, 5);
    const weekend = await hub.getJson<{ calendar: Row[] }>(
      `/students/5001/timetable/calendar?filter[date]=${saturday}`,
    );
    expect(weekend.body.calendar).toEqual([]);
    const raw = await hub.getJson<{ timetables: Array<{ periods: Row[] }> }>("/students/5001/timetable");
    expect(raw.body.timetables[0]?.periods).toHaveLength(60);
    for (const bad of [
      "filter[date]=2026-02-30",
      "filter[dateFrom]=2026-01-01",
      `filter[dateFrom]=${today}&filter[dateTo]=${monday}`,
      "filter[dateFrom]=2025-01-01&filter[dateTo]=2026-12-31",
    ]) {
      expect((await hub.get(`/students/5001/timetable/calendar?${bad}`)).status, bad).toBe(400);
    }
  });

  it("returns session attendance with codes, filtered by date-time range, session and code", async () => {
    const codes = await rows("/attendance-codes");
    expect(codes.map((c) => c["code"])).toEqual(
      expect.arrayContaining(["/", "\\", "L", "M", "I", "C", "O", "N", "U", "X"]),
    );
    expect((await rows("/attendance-codes?filter[display]=false")).length).toBeGreaterThan(0);
    const week = await rows(
      `/students/5001/attendance?filter[dateTime][from]=${monday}&filter[dateTime][to]=${today}`,
    );
    expect(week).toHaveLength(6); // Monday to Wednesday, am and pm
    for (const mark of week) {
      expect(String(mark["date"]) >= monday && String(mark["date"]) <= today).toBe(true);
      expect(mark).toMatchObject({
        attendance_session: expect.stringMatching(/^(am|pm)$/),
        attendance_code: { code: expect.any(String) },
      });
    }
    const mornings = await rows(
      `/students/5001/attendance?filter[dateTime][from]=${monday}&filter[dateTime][to]=${today}&filter[attendanceSession]=am`,
    );
    expect(mornings).toHaveLength(3);
    // Registers are taken at 08:45 and 13:45 London time (GMT in November), served as UTC instants.
    expect(week.filter((m) => m["date"] === today).map((m) => m["date_time"])).toEqual([
      `${today}T08:45:00Z`,
      `${today}T13:45:00Z`,
    ]);
    // A date-time bound is an instant; both ends are included.
    const afternoon = await rows(
      `/students/5001/attendance?filter[dateTime][from]=${today}T13:45:00Z&filter[dateTime][to]=${encodeURIComponent(`${today}T23:59:59+00:00`)}`,
    );
    expect(afternoon.map((m) => m["attendance_session"])).toEqual(["pm"]);
    const present = await rows("/students/5001/attendance?filter[attendanceCode]=%5C");
    for (const mark of present) expect((mark["attendance_code"] as Row)["code"]).toBe("\\");
    for (const bad of [
      "filter[dateTime][from]=yesterday",
      "filter[dateTime][from]=2026-13-01",
      `filter[dateTime][from]=${today}&filter[dateTime][to]=${monday}`,
      "filter[attendanceSession]=evening",
    ]) {
      expect((await hub.get(`/students/5001/attendance?${bad}`)).status, bad).toBe(400);
    }
  });

  it("filters pastoral events by type, year group, status, severity, category, staff and date, past pupils opt-in", async () => {
    const severities = await rows("/pastoral/severity-levels/wellbeing");
    const high = severities.find((s) => s["name"] === "High") as Row;
    const year9 = (await rows("/academic-years/12/year-groups")).find((y) => y["name"] === "Year 9") as Row;
    const open = await rows(
      `/pastoral/events?filter[type]=wellbeing_event&filter[yearGroup]=${year9.id}&filter[status]=active&sort[severity]=desc&page[size]=100`,
    );
    expect(open.length).toBeGreaterThan(3);
    const positions = open.map((e) => Number((e["severity"] as Row)["position"]));
    expect(positions).toEqual([...positions].sort((a, b) => b - a));
    for (const e of open)
      expect(e).toMatchObject({
        type: "wellbeing_event",
        status: "active",
        student: { year_group: { id: year9.id } },
      });
    const highs = await rows(`/pastoral/events?filter[severity]=${high.id}&page[size]=100`);
    for (const e of highs) expect((e["severity"] as Row).id).toBe(high.id);
    const categories = await rows("/pastoral/categories/wellbeing_event");
    const anxiety = categories.find((c) => c["name"] === "Anxiety") as Row;
    for (const e of await rows(`/pastoral/events?filter[category]=${anxiety.id}&page[size]=100`))
      expect((e["category"] as Row).id).toBe(anxiety.id);
    const staffId = ((open[0] as Row)["assigned_to"] as Row[])[0]?.id;
    for (const e of await rows(`/pastoral/events?filter[assignedTo]=${staffId}&page[size]=100`)) {
      expect((e["assigned_to"] as Row[]).map((s) => s.id)).toContain(staffId);
    }
    const thisWeek = await rows(`/pastoral/events?filter[dateTime][from]=${monday}&page[size]=100`);
    for (const e of thisWeek) expect(String(e["date_time"]) >= monday).toBe(true);
    const withPast = await rows(
      "/pastoral/events?filter[includePastStudents]=true&page[size]=100&page[number]=3",
    );
    const withoutPast = await rows("/pastoral/events?page[size]=100&page[number]=3");
    expect(withPast.length).toBeGreaterThan(withoutPast.length);
    expect((await hub.get("/pastoral/events?filter[type]=incident")).status).toBe(400);
    expect((await hub.get("/pastoral/categories/incident")).status).toBe(404);
    const single = await hub.getJson<Row[]>(`/pastoral/events/${open[0]?.id}`);
    expect(single.body).toHaveLength(1);
    const summary = await rows("/pastoral/events/summary?filter[type]=wellbeing_plan");
    for (const row of summary) expect(row["type"]).toBe("wellbeing_plan");
  });

  it("lists a pupil's own wellbeing events and plans", async () => {
    const someone = (await rows("/pastoral/events?page[size]=1"))[0] as Row;
    const studentId = (someone["student"] as Row).id;
    const events = await rows(`/students/${studentId}/wellbeing-events`);
    expect(events.map((e) => e.id)).toContain(someone.id);
    for (const e of events) expect(e["type"]).toBe("wellbeing_event");
    const plans = await rows(`/students/${studentId}/wellbeing-plans`);
    for (const p of plans) expect(p["type"]).toBe("wellbeing_plan");
  });

  it("serves the school calendar, groups, houses and rooms", async () => {
    const years = await rows("/academic-years");
    expect(years.filter((y) => y["is_current"])).toHaveLength(1);
    const terms = await rows("/academic-years/12/terms");
    expect(terms).toHaveLength(3);
    expect(terms.some((t) => String(t["start_date"]) <= today && today <= String(t["end_date"]))).toBe(true);
    expect((await rows("/academic-years/12/holidays")).length).toBeGreaterThan(0);
    expect((await rows("/academic-years/12/inset-days"))[0]).toMatchObject({ date: expect.any(String) });
    expect(await rows("/academic-years/11/forms")).toEqual([]);
    const forms = await rows("/academic-years/12/forms");
    expect(forms).toHaveLength(28);
    expect(forms.find((f) => f["code"] === "9R")).toMatchObject({
      name: "Form 9R",
      year_group: { name: "Year 9" },
    });
    expect((await rows("/houses?filter[houseType]=academic")).map((h) => h["name"])).toHaveLength(4);
    expect(await rows("/houses?filter[houseType]=boarding")).toEqual([]);
    const rooms = await rows("/rooms?page[size]=100");
    expect(rooms.length).toBeGreaterThan(40);
    const sets = await rows("/academic-years/12/subject-sets?search=9%20Maths&page[size]=100");
    expect(sets.map((s) => s["name"])).toEqual(["9 Maths Set 1", "9 Maths Set 2", "9 Maths Set 3"]);
    const set2 = await rows("/subject-sets/392/students?page[size]=100");
    expect(set2.length).toBe(sets[1]?.["student_count"]);
    const clubs = await rows("/academic-years/12/extra-curricular-activities?search=orch");
    expect(clubs.map((a) => a["name"])).toEqual(["Orchestra"]);
    const orchestra = await rows(`/extra-curricular-activities/${clubs[0]?.["id"]}/students?page[size]=100`);
    expect(orchestra.length).toBe(clubs[0]?.["student_count"]);
  });
});

/** Every pastoral record the API will show, past pupils included. */
async function allPastoral(raw: RawHubmis): Promise<Row[]> {
  const out: Row[] = [];
  for (let page = 1; ; page++) {
    const { body } = await raw.getJson<Row[]>(
      `/pastoral/events?filter[includePastStudents]=true&page[size]=100&page[number]=${page}`,
    );
    out.push(...body);
    if (body.length < 100) return out;
  }
}

describe.each(INSTANTS)("HUBmis sandbox API at $name", (instant) => {
  let raw: RawHubmis;
  beforeAll(async () => {
    raw = await startRaw({ now: instant.now });
  });
  afterAll(async () => {
    await raw.close();
  });
  const get = async (path: string) => {
    const { status, body } = await raw.getJson<Row[]>(path);
    expect(status, path).toBe(200);
    return body;
  };

  it("serves today's registers only once they are taken, and nothing dated after now", async () => {
    const todays = await get(
      `/students/5001/attendance?filter[dateTime][from]=${instant.today}&filter[dateTime][to]=${instant.today}`,
    );
    expect(todays.map((m) => m["attendance_session"])).toEqual(instant.sessionsToday);
    const history = await get("/students/5001/attendance?sort[date]=asc");
    expect(history.length).toBeGreaterThan(50);
    const now = Date.parse(instant.now);
    for (const mark of history)
      expect(Date.parse(String(mark["date_time"])), String(mark["date"])).toBeLessThanOrEqual(now);
    expect(history.at(-1)?.["date"]).toBe(instant.lastRegisterDay);
    // The whole academic year so far: from the first day pupils were in.
    expect(history[0]?.["date"]).toBe(instant.today < "2026-09-01" ? "2025-09-04" : "2026-09-04");
    for (const event of await allPastoral(raw)) {
      expect(Date.parse(String(event["date_time"])), String(event["date_time"])).toBeLessThanOrEqual(now);
    }
  });

  it("answers the timetable for London's today, and says what kind of day it is", async () => {
    const { body } = await raw.getJson<{ calendar: Row[] }>("/students/5001/timetable/calendar");
    if (instant.schoolDay) {
      expect(body.calendar).toHaveLength(6);
      for (const lesson of body.calendar) expect(lesson["date"]).toBe(instant.today);
    } else expect(body.calendar).toEqual([]);
    const terms = await get("/academic-years/12/terms");
    const holidays = await get("/academic-years/12/holidays");
    const within = (item: Row) =>
      String(item["start_date"]) <= instant.today && instant.today <= String(item["end_date"]);
    expect(holidays.filter(within).map((h) => h["name"])).toEqual(instant.holiday ? [instant.holiday] : []);
    expect(terms.some(within)).toBe(instant.holiday === undefined);
  });
});

describe("HUBmis sandbox API across midnight", () => {
  let raw: RawHubmis;
  let clock: ReturnType<typeof createClock>;
  beforeAll(async () => {
    clock = createClock(BEFORE_MIDNIGHT.scale, BEFORE_MIDNIGHT.now);
    raw = await startRaw({ clock });
  });
  afterAll(async () => {
    await raw.close();
  });
  const lessonDates = async () => {
    const { body } = await raw.getJson<{ calendar: Row[] }>("/students/5001/timetable/calendar");
    return [...new Set(body.calendar.map((l) => l["date"]))];
  };
  const marksOn = async (day: string) =>
    (
      await raw.getJson<Row[]>(
        `/students/5001/attendance?filter[dateTime][from]=${day}&filter[dateTime][to]=${day}`,
      )
    ).body.map((m) => m["attendance_session"]);

  it("moves today to the next day at London midnight, leaving the day before as it was", async () => {
    const before = await raw.getJson<Row[]>("/students/5001/attendance");
    expect(clock.now()).toBeLessThan(Date.parse(BEFORE_MIDNIGHT.midnight));
    expect(await lessonDates()).toEqual(["2026-12-02"]);
    expect(await marksOn("2026-12-02")).toEqual(["am", "pm"]);
    await waitUntil(clock, BEFORE_MIDNIGHT.midnight);
    expect(await lessonDates()).toEqual(["2026-12-03"]);
    expect(await marksOn("2026-12-03")).toEqual([]);
    expect(await marksOn("2026-12-02")).toEqual(["am", "pm"]);
    expect((await raw.getJson<Row[]>("/students/5001/attendance")).body).toEqual(before.body);
  });
});
