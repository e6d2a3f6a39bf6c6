import { addDays } from "../../time/local.js";
import type { Random } from "../common/random.js";
import { fictionalName } from "../common/random.js";
import { type AsOf, localDateTime } from "./dates.js";

/** An announcement as ClassCharts sends it, plus which pupils it was sent to (not sent upstream). */
export interface AnnouncementRecord {
  pupilIds: number[];
  body: {
    id: number;
    title: string;
    description: string;
    school_name: string;
    teacher_name: string;
    school_logo: string;
    sticky: "yes" | "no";
    state: string | null;
    timestamp: string;
    attachments: { filename: string; url: string }[];
    for_pupils: unknown[];
    comment_visibility: string;
    allow_comments: "yes" | "no";
    allow_reactions: "yes" | "no";
    allow_consent: "yes" | "no";
    priority_pinned: "yes" | "no";
    requires_consent: "yes" | "no";
    can_change_consent: boolean;
    consent: { consent_given: "yes" | "no"; comment: string | null; parent_name: string } | null;
    pupil_consents: unknown[];
  };
}

const ITEMS = [
  { title: "Parents' evening bookings open", days: -2, consent: false, sticky: true },
  { title: "Year group trip to the science museum", days: -6, consent: true, sticky: false },
  { title: "Non-uniform day on Friday", days: -9, consent: false, sticky: false },
  { title: "Winter concert tickets", days: -20, consent: false, sticky: false },
  { title: "Updated uniform policy", days: -34, consent: false, sticky: false },
  { title: "Welcome back letter", days: -55, consent: false, sticky: false },
];

export function generateAnnouncements(
  random: Random,
  options: {
    school: { name: string; logo: string };
    pupilIds: number[];
    startDay: string;
    nextId: () => number;
  },
): AnnouncementRecord[] {
  return ITEMS.map((item) => {
    const teacher = fictionalName(random);
    const hour = String(random.int(8, 16)).padStart(2, "0");
    return {
      pupilIds: options.pupilIds,
      body: {
        id: options.nextId(),
        title: item.title,
        description: `<p>${item.title}. Please read the attached letter.</p>`,
        school_name: options.school.name,
        teacher_name: `${random.pick(["Mr", "Ms", "Mrs"])} ${teacher.lastName}`,
        school_logo: options.school.logo,
        sticky: item.sticky ? "yes" : "no",
        state: null,
        timestamp: localDateTime(addDays(options.startDay, item.days), `${hour}:00`),
        attachments: random.chance(0.5)
          ? [{ filename: "letter.pdf", url: "https://sandbox.classcharts.test/files/letter.pdf" }]
          : [],
        for_pupils: [],
        comment_visibility: "public",
        allow_comments: "no",
        allow_reactions: "yes",
        allow_consent: item.consent ? "yes" : "no",
        priority_pinned: item.sticky ? "yes" : "no",
        requires_consent: item.consent ? "yes" : "no",
        can_change_consent: item.consent,
        consent: null,
        pupil_consents: [],
      },
    };
  });
}

/** The announcements sent by `at`. */
export function announcementsSoFar(records: AnnouncementRecord[], at: AsOf): AnnouncementRecord[] {
  return records.filter((a) => Date.parse(a.body.timestamp) <= at.now);
}
