import type { CallContext } from "../../domain/connector.js";
import {
  InvalidResponseError,
  MissingUpstreamScopeError,
  NotFoundError,
  UserInputError,
} from "../../errors.js";
import { keepMatching, sameId } from "../common/trust.js";
import type { CentreCareOsApi } from "./api.js";
import { PATHS, PROVIDER, QUERY } from "./endpoints.js";
import { enrolmentStatus } from "./map.js";
import { UpRoom as RoomSchema, UpStudent as StudentSchema, type UpRoom, type UpStudent } from "./wire.js";

/** "The Robins room", "robins", "Robin" all name Robins. */
function normalise(name: string): string {
  return name
    .toLowerCase()
    .replace(/\b(the|room)\b/g, "")
    .replace(/[^a-z0-9]/g, "")
    .replace(/s$/, "");
}

/** "room_12" and "room_3" share a shape; "Robins" does not. Tells an unknown id from an unknown name. */
const idShape = (value: string) => value.replace(/[0-9]+/g, "#");

/** A room by exact id, or by a name that matches exactly one room. */
export function findRoom(rooms: readonly UpRoom[], wanted: string): UpRoom | undefined {
  const byId = rooms.find((room) => room.id === wanted);
  if (byId) return byId;
  const byName = rooms.filter((room) => normalise(room.name) === normalise(wanted));
  return byName.length === 1 ? byName[0] : undefined;
}

/** Enrolled by the record's own status; a record that states none is taken as on the roll. */
export const isEnrolled = (s: UpStudent) =>
  !s.enrollmentStatus || enrolmentStatus(s.enrollmentStatus) === "enrolled";

export const STUDENTS = "student records";

/**
 * For lookups behind an answer (a roster, a name): what they leave out is not part of the answer, so it is
 * logged but not reported. What they cannot read still is, through the full context.
 */
const quiet = (ctx: CallContext) => ({ logger: ctx.logger });

/**
 * Rooms and rosters: the lookups behind names, room resolution and "who should be here". Rooms are
 * cached as directory data; student lists carry medical fields, so they are cached as a roster: directory
 * data with the medical fields taken out before it is stored (the full record only as the config allows).
 * No student filter is documented, so each is sent as a hint and applied again here.
 */
export class Directory {
  constructor(
    private readonly api: CentreCareOsApi,
    private readonly label: string,
  ) {}

  rooms(ctx: CallContext): Promise<UpRoom[]> {
    return this.api.all(PATHS.rooms, {}, RoomSchema, "room records", ctx, { cache: "directory" });
  }

  /** One room (GET /rooms/:id), checked to be the room asked for. */
  async room(roomId: string, ctx: CallContext): Promise<UpRoom> {
    const room = await this.api.one(PATHS.room(roomId), RoomSchema, "room", ctx, {
      cache: "directory",
      notFound: `${this.label} has no room with id ${roomId}.`,
    });
    if (!sameId(room.id, roomId))
      throw new InvalidResponseError(PROVIDER, `asked for room ${roomId}, it answered with another room`);
    return room;
  }

  /** Rooms by id, or an empty map when the key may not read rooms (names are then left out). */
  async roomMap(ctx: CallContext): Promise<Map<string, UpRoom>> {
    try {
      return new Map((await this.rooms(ctx)).map((room) => [room.id, room]));
    } catch (error) {
      if (error instanceof MissingUpstreamScopeError) return new Map();
      throw error;
    }
  }

  /**
   * A room by id or by name; an unknown id is NotFound, an unknown name lists the rooms there are. `known`
   * is the call's room map when it already holds one (an empty one means rooms could not be read: ask).
   */
  async resolveRoom(groupId: string, ctx: CallContext, known?: ReadonlyMap<string, UpRoom>): Promise<UpRoom> {
    const rooms = known?.size ? [...known.values()] : await this.rooms(ctx);
    const wanted = groupId.trim();
    const found = findRoom(rooms, wanted);
    if (found) return found;
    const names = rooms.map((room) => room.name).join(", ") || "(none)";
    if (rooms.some((room) => idShape(room.id) === idShape(wanted))) {
      throw new NotFoundError(`${this.label} has no room with id ${wanted}. Rooms: ${names}.`);
    }
    throw new UserInputError(
      `No room called "${wanted.slice(0, 60)}" at ${this.label}. Rooms: ${names}.`,
      "groupId",
    );
  }

  /**
   * The children assigned to a room now. A child whose record names another room is not one of them,
   * whatever the endpoint returned.
   */
  async roomChildren(roomId: string, ctx: CallContext): Promise<UpStudent[]> {
    const children = await this.api.all(PATHS.roomStudents(roomId), {}, StudentSchema, STUDENTS, ctx, {
      cache: "roster",
      notFound: `${this.label} has no room with id ${roomId}.`,
    });
    return keepMatching(children, (s) => !s.roomId || sameId(s.roomId, roomId), STUDENTS, quiet(ctx));
  }

  /** Every enrolled child (the status filter is a hint: a server may send the whole roll). */
  async enrolled(ctx: CallContext): Promise<UpStudent[]> {
    const students = await this.api.all(
      PATHS.students,
      { [QUERY.enrollmentStatus]: "enrolled" },
      StudentSchema,
      STUDENTS,
      ctx,
      { cache: "roster" },
    );
    return keepMatching(students, isEnrolled, STUDENTS, quiet(ctx));
  }

  /**
   * One child, checked to be the child asked for. `full` for a caller who may see medical detail: then the whole
   * record, cached only as the config allows; otherwise the roster projection.
   */
  async student(studentId: string, ctx: CallContext, fresh = false, full = true): Promise<UpStudent> {
    const student = await this.api.one(PATHS.student(studentId), StudentSchema, "student", ctx, {
      cache: full ? "sensitive" : "roster",
      fresh,
      notFound: `${this.label} has no child with id ${studentId}.`,
    });
    if (!sameId(student.id, studentId)) {
      throw new InvalidResponseError(
        PROVIDER,
        `asked for child ${studentId}, it answered with another child's record`,
      );
    }
    return student;
  }

  /** Display names by student id for labelling records; empty when the key may not read students. */
  async studentNames(ctx: CallContext): Promise<Map<string, string>> {
    try {
      const students = await this.api.all(PATHS.students, {}, StudentSchema, STUDENTS, ctx, {
        cache: "roster",
      });
      return new Map(students.map((s) => [s.id, `${s.firstName} ${s.lastName}`]));
    } catch (error) {
      if (error instanceof MissingUpstreamScopeError) return new Map();
      throw error;
    }
  }
}
