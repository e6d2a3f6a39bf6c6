import { addDays, zonedEpoch } from "../../time/local.js";
import type { Random } from "../common/random.js";
import type { Participant, Room, StaffMember, Student, Thread, ThreadMessage } from "./model.js";
import { TIME_ZONE, utcStamp } from "./time.js";

/** Conversations a nursery office really has; {child} is the child's first name. */
const TOPICS: { subject: string; parent: string[]; staff: string[] }[] = [
  {
    subject: "Sun cream for outdoor play",
    parent: ["Could you put sun cream on {child} before garden time? We've packed a bottle."],
    staff: ["Of course, we'll apply it before every outdoor session and note it on the daily sheet."],
  },
  {
    subject: "Collection time on Friday",
    parent: ["{child}'s grandparent will collect on Friday at 3pm. Password is on file."],
    staff: ["Thanks for letting us know, we've added it to Friday's register."],
  },
  {
    subject: "Lunch menu question",
    parent: ["Is this week's lunch menu suitable for a vegetarian diet?", "Great, thank you!"],
    staff: ["Yes, the cook prepares a vegetarian option every day. The menu is on the parent board."],
  },
  {
    subject: "Spare clothes",
    parent: ["Sorry, we forgot {child}'s spare clothes bag. We'll bring it tomorrow."],
    staff: ["No problem, we have spares in the room if needed."],
  },
  {
    subject: "Invoice query",
    parent: ["Could you check whether the funded hours were applied to this month's invoice?"],
    staff: ["The credit is the line 'Funded hours credit'. Let us know if anything looks wrong."],
  },
  {
    subject: "Settling in",
    parent: ["How did {child} settle today? They were a bit teary at drop-off."],
    staff: ["{child} settled within ten minutes and enjoyed painting and story time."],
  },
  {
    subject: "Temperature this afternoon",
    parent: ["Thanks for calling. We'll keep {child} home tomorrow if the temperature is still up."],
    staff: ["Please let us know how {child} is feeling. Our policy is 48 hours after a fever."],
  },
  {
    subject: "Photo consent form",
    parent: ["We've signed the photo consent form, it's in {child}'s bag."],
    staff: ["Received, thank you. We've updated the record."],
  },
  {
    subject: "Nappy supplies running low",
    parent: ["Will bring a new pack of nappies on Monday."],
    staff: ["{child} has about three nappies left. Could you bring a new pack when you can?"],
  },
  {
    subject: "Stay and play session",
    parent: ["We'd love to join the stay and play session. Is there space on Thursday?"],
    staff: ["Yes, Thursday at 10am has space. See you then!"],
  },
  {
    subject: "Holiday dates",
    parent: ["We're away for the last week of the month; {child} won't be in."],
    staff: ["Thanks, we've noted the dates. Have a lovely holiday."],
  },
  {
    subject: "Allergy update",
    parent: ["The GP has confirmed {child}'s allergy plan hasn't changed."],
    staff: ["Thank you, the room team has the plan on file."],
  },
];

/**
 * Threads between parents and staff over the last fortnight, the newest starting this morning (from 07:00
 * London time). Parents and staff take turns, starting with whoever the topic opens with. Messages are
 * scheduled; the store serves those sent by its clock's now, so a thread begun later today is not there yet.
 */
export function generateThreads(
  random: Random,
  today: string,
  { rooms, staff, students }: { rooms: Room[]; staff: StaffMember[]; students: Student[] },
): Thread[] {
  const enrolled = students.filter((s) => s.enrollmentStatus === "enrolled" && s.roomId !== null);
  const office = staff[0];
  let messageSeq = 9001;
  const threads: Thread[] = TOPICS.map((topic, index) => {
    const child = random.pick(enrolled);
    const parent = child.parents[0];
    const room = rooms.find((r) => r.id === child.roomId);
    const member = room?.assignedStaff[0] ?? office;
    if (!parent || !member) throw new Error("nursery data needs parents and staff");
    const participants: Participant[] = [
      { id: parent.id, type: "parent", name: `${parent.firstName} ${parent.lastName}` },
      { id: member.id, type: "staff", name: `${member.firstName} ${member.lastName}` },
    ];
    const parentFirst = !topic.subject.startsWith("Nappy") && !topic.subject.startsWith("Temperature");
    const turns = parentFirst ? [topic.parent, topic.staff] : [topic.staff, topic.parent];
    const startDay = index === 0 ? 0 : random.int(0, 13);
    let at = zonedEpoch(addDays(today, -startDay), "07:00", TIME_ZONE);
    at += random.int(0, 90) * 60_000;
    const messages: ThreadMessage[] = [];
    const longest = Math.max(turns[0]?.length ?? 0, turns[1]?.length ?? 0);
    for (let i = 0; i < longest; i++) {
      for (const side of [0, 1] as const) {
        const text = turns[side]?.[i];
        if (text === undefined) continue;
        const sender = participants[parentFirst === (side === 0) ? 0 : 1] as Participant;
        at += random.int(5, 240) * 60_000;
        messages.push({
          id: `msg_${messageSeq++}`,
          senderType: sender.type,
          senderId: sender.id,
          senderName: sender.name,
          content: text.replaceAll("{child}", child.firstName),
          sentAt: utcStamp(at),
        });
      }
    }
    const last = messages[messages.length - 1];
    return {
      id: `thr_${801 + index}`,
      subject: topic.subject,
      participants,
      lastMessageAt: last?.sentAt ?? utcStamp(at),
      messages,
    };
  });
  return threads.sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt) || a.id.localeCompare(b.id));
}
