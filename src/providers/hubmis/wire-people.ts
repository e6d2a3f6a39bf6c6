// HUBmis students, enrolments, contacts, doctors, learning support and staff as we read them.
import { z } from "zod";
import { isRecord, withAliases } from "../common/trust.js";
import { Id } from "../common/wire.js";
import { Count, Flag, IdRef, Ref, RefList, Word, Words } from "./wire.js";

export const StudentWire = withAliases(
  {
    first_name: ["forename", "given_name"],
    last_name: ["surname", "family_name"],
    form: ["form_id", "form_group", "form_code"],
    year_group: ["year_group_id"],
    tutor_group: ["tutor_group_id"],
    academic_house: ["academic_house_id", "house", "house_id"],
    boarding_house: ["boarding_house_id"],
    enrolment_status: ["enrolment.status", "enrolment_status_code"],
    date_of_birth: ["dob", "birth_date"],
  },
  z.object({
    id: Id,
    first_name: z.string(),
    last_name: z.string(),
    middle_name: Words,
    preferred_name: Words,
    date_of_birth: Words,
    enrolment_status: Word,
    gender: Ref,
    form: IdRef,
    year_group: IdRef,
    tutor_group: IdRef,
    academic_house: IdRef,
    boarding_house: IdRef,
    medical_condition_severity: z
      .array(
        withAliases(
          { medical_condition: ["condition", "name"], severity: ["severity_level"] },
          z.object({ medical_condition: Ref, severity: Ref }),
        ),
      )
      .nullish()
      .catch(undefined),
    learning_support_record_summary: z
      .array(
        withAliases(
          { learning_support_type: ["type", "need"], severity: ["severity_level"] },
          z.object({ learning_support_type: Ref, severity: Ref, ehcp: Flag }),
        ),
      )
      .nullish()
      .catch(undefined),
  }),
);
export type StudentWire = z.infer<typeof StudentWire>;

export const EnrolmentWire = withAliases(
  {
    start_date: ["date_start", "admission_date", "enrolment_date"],
    leaving_date: ["date_end", "leave_date", "end_date"],
  },
  z.object({ enrolment_status: Word, start_date: Words, leaving_date: Words }),
);

/** A contact relation: the contact nested under `contact`, or its fields flat beside the relation's. */
export const ContactRelationWire = z.preprocess(
  (raw) => {
    if (!isRecord(raw) || isRecord(raw["contact"]) || isRecord(raw["person"])) return raw;
    const { id, contact_id, ...person } = raw;
    return { ...raw, id, contact: { ...person, id: contact_id } };
  },
  withAliases(
    {
      contact: ["person", "contact_person"],
      relationship: ["relationship_type", "relation"],
      priority: ["contact_priority", "order"],
      lives_with_student: ["lives_with"],
    },
    z.object({
      id: Id.optional().catch(undefined),
      contact: withAliases(
        { primary_email: ["email", "email_address"], primary_phone: ["phone", "mobile", "telephone"] },
        z.object({
          id: Id.optional().catch(undefined),
          title: Ref,
          first_name: Words,
          last_name: Words,
          primary_email: Words,
          primary_phone: Words,
        }),
      )
        .nullish()
        .catch(undefined),
      relationship: Ref,
      priority: Count,
      lives_with_student: Flag,
    }),
  ),
);
export type ContactRelationWire = z.infer<typeof ContactRelationWire>;

export const DoctorWire = withAliases(
  {
    first_name: ["forename"],
    last_name: ["surname"],
    phone: ["telephone", "phone_number"],
    address: ["formatted_address"],
  },
  z.object({
    title: Ref,
    first_name: Words,
    last_name: Words,
    name: Words,
    phone: Words,
    email: Words,
    address: Words,
  }),
);

export const LearningSupportWire = z.object({
  authority: Ref,
  authority_type: Ref,
  disability: Flag,
  disability_description: Words,
  placement_date: Words,
});

export const StaffWire = withAliases(
  {
    first_name: ["forename", "given_name"],
    last_name: ["surname", "family_name"],
    email: ["primary_email", "email_address"],
    job_title: ["job_role"],
  },
  z.object({
    id: Id,
    title: Ref,
    first_name: z.string(),
    last_name: z.string(),
    preferred_name: Words,
    email: Words,
    job_title: Words,
    status: Word,
    rooms: RefList,
  }),
);
export type StaffWire = z.infer<typeof StaffWire>;
