import { addDays } from "../../time/local.js";
import { createRandom, fictionalName, type Random } from "../common/random.js";
import { generateAttendance } from "./data-attendance.js";
import { generateBilling } from "./data-billing.js";
import { generateThreads } from "./data-messages.js";
import type { Nursery, Parent, Room, StaffMember, Student } from "./model.js";
import { localStamp } from "./time.js";

export interface NurserySizes {
  /** Children on the roll, enrolled or not (default 71: 66 enrolled, 3 waitlisted, 2 withdrawn). */
  children?: number;
  /** Weekdays of attendance history before today (default 20, four weeks). */
  historyDays?: number;
  /** Months of invoices, the current one included (default 3). */
  invoiceMonths?: number;
}

export interface GenerateOptions {
  seed: number;
  /**
   * The nursery's local day (YYYY-MM-DD) the data is centred on: the sandbox passes its clock's today. Days
   * around it are scheduled in full; what the sandbox serves is cut at its clock's now (see ./store.ts).
   */
  today: string;
  sizes?: NurserySizes;
}

const ROOM_PLANS = [
  { name: "Robins", minMonths: 3, maxMonths: 18, capacity: 9, ratio: "1:3", staff: 3 },
  { name: "Wrens", minMonths: 18, maxMonths: 30, capacity: 15, ratio: "1:4", staff: 3 },
  { name: "Owls", minMonths: 30, maxMonths: 42, capacity: 20, ratio: "1:4", staff: 3 },
  { name: "Kingfishers", minMonths: 42, maxMonths: 60, capacity: 26, ratio: "1:8", staff: 2 },
] as const;

const RELATIONSHIPS = ["Mother", "Father", "Parent", "Guardian"] as const;
const ALLERGIES = ["peanuts", "eggs", "dairy", "sesame", "gluten"] as const;
const MEDICAL_NOTES = [
  "Mild eczema: emollient cream after lunch",
  "Inhaler kept in the room office",
] as const;

/**
 * Little Acorns Nursery: rooms, staff, families, children and everything dated around `today`. The same
 * seed and day give byte-identical data; each part draws from its own forked stream, so resizing one part
 * leaves the others as they were.
 */
export function generateNursery(options: GenerateOptions): Nursery {
  const { today } = options;
  const random = createRandom(options.seed);
  const sizes = {
    children: options.sizes?.children ?? 71,
    historyDays: options.sizes?.historyDays ?? 20,
    invoiceMonths: options.sizes?.invoiceMonths ?? 3,
  };
  const staff = generateStaff(random.fork("staff"), today);
  const rooms = generateRooms(staff);
  const students = generateChildren(random.fork("children"), today, rooms, sizes.children);
  const attendance = generateAttendance(random.fork("attendance"), { today, rooms, staff, students }, sizes);
  const { invoices, payments } = generateBilling(
    random.fork("billing"),
    today,
    students,
    sizes.invoiceMonths,
  );
  const threads = generateThreads(random.fork("messages"), today, { rooms, staff, students });
  return {
    name: "Little Acorns Nursery",
    today,
    rooms,
    students,
    staff,
    attendance,
    invoices,
    payments,
    threads,
  };
}

function generateStaff(random: Random, today: string): StaffMember[] {
  const roles: { role: string; room: number | null }[] = [
    { role: "Nursery Manager", room: null },
    { role: "Deputy Manager", room: null },
    { role: "Cook", room: null },
  ];
  ROOM_PLANS.forEach((plan, room) => {
    for (let i = 0; i < plan.staff; i++) {
      roles.push({ role: i === 0 ? "Room Leader" : "Nursery Practitioner", room });
    }
  });
  return roles.map(({ role, room }, index) => {
    const name = fictionalName(random);
    const early = random.chance(0.5);
    return {
      id: `stf_${301 + index}`,
      firstName: name.firstName,
      lastName: name.lastName,
      role,
      email: `${name.firstName}.${name.lastName}@littleacorns.example`.toLowerCase(),
      phone: `01632 ${String(960000 + random.int(0, 999)).slice(-6)}`,
      status: index === 12 ? "on_leave" : "active",
      roomIds: room === null ? [] : [`room_${room + 1}`],
      schedule: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
        .filter(() => random.chance(0.85))
        .map((day) => ({ day, start: early ? "07:30" : "09:30", end: early ? "16:00" : "18:00" })),
      startDate: addDays(today, -random.int(120, 2400)),
    };
  });
}

function generateRooms(staff: StaffMember[]): Room[] {
  return ROOM_PLANS.map((plan, index) => {
    const id = `room_${index + 1}`;
    return {
      id,
      name: plan.name,
      ageRange: { minMonths: plan.minMonths, maxMonths: plan.maxMonths },
      capacity: plan.capacity,
      ratio: plan.ratio,
      assignedStaff: staff
        .filter((member) => member.roomIds.includes(id))
        .map(({ id: staffId, firstName, lastName }) => ({ id: staffId, firstName, lastName })),
    };
  });
}

interface Family {
  id: string;
  lastName: string;
  parents: Parent[];
}

function generateChildren(random: Random, today: string, rooms: Room[], total: number): Student[] {
  const enrolled = Math.max(rooms.length, Math.round(total * 0.93));
  const capacity = rooms.reduce((sum, room) => sum + room.capacity, 0);
  const perRoom = rooms.map((room) => Math.floor((enrolled * room.capacity) / capacity));
  for (let i = 0; perRoom.reduce((a, b) => a + b, 0) < enrolled; i++) {
    const index = i % rooms.length;
    perRoom[index] = (perRoom[index] ?? 0) + 1;
  }
  const families: Family[] = [];
  let parentSeq = 2001;
  const newFamily = (): Family => {
    const lastName = fictionalName(random).lastName;
    const parents: Parent[] = [];
    const count = random.chance(0.7) ? 2 : 1;
    for (let p = 0; p < count; p++) {
      const firstName = fictionalName(random).firstName;
      parents.push({
        id: `par_${parentSeq++}`,
        firstName,
        lastName,
        relationship: count === 1 ? random.pick(RELATIONSHIPS) : p === 0 ? "Mother" : "Father",
        email: `${firstName}.${lastName}@example.com`.toLowerCase(),
        phone: `07700 ${String(900000 + random.int(0, 999)).slice(-6)}`,
        isPrimary: p === 0,
      });
    }
    const family = { id: `fam_${families.length + 1}`, lastName, parents };
    families.push(family);
    return family;
  };
  const students: Student[] = [];
  const addChild = (room: Room | null, status: Student["enrollmentStatus"], ageMonths: number) => {
    // Siblings: about one child in eight joins a family already on the roll.
    const family = families.length > 3 && random.chance(0.12) ? random.pick(families) : newFamily();
    const dob = addDays(today, -Math.round(ageMonths * 30.44) - random.int(0, 20));
    const startOffset =
      status === "waitlisted" ? 30 : -random.int(60, Math.max(61, Math.round(ageMonths * 30) - 90));
    const created = localStamp(addDays(today, Math.min(startOffset, 0) - 14), "10:00");
    const allergic = random.chance(0.15);
    students.push({
      id: `stu_${1001 + students.length}`,
      firstName: fictionalName(random).firstName,
      lastName: family.lastName,
      dateOfBirth: dob,
      gender: random.chance(0.5) ? "female" : "male",
      roomId: room?.id ?? null,
      enrollmentStatus: status,
      startDate: addDays(today, startOffset),
      familyId: family.id,
      parents: family.parents,
      allergies: allergic ? [random.pick(ALLERGIES)] : [],
      medicalNotes: random.chance(0.08) ? random.pick(MEDICAL_NOTES) : null,
      createdAt: created,
      updatedAt: created,
    });
  };
  rooms.forEach((room, index) => {
    for (let i = 0; i < (perRoom[index] ?? 0); i++) {
      addChild(room, "enrolled", random.int(room.ageRange.minMonths, room.ageRange.maxMonths - 1));
    }
  });
  for (let i = students.length; i < total; i++) {
    const waiting = (i - enrolled) % 3 !== 2;
    addChild(null, waiting ? "waitlisted" : "withdrawn", random.int(4, 40));
  }
  return students;
}
