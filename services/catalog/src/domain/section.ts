import type { FieldError } from '@ticres/shared';
import { EVENT_LIMITS, SECTION_LIMITS, SECTION_NAME_MESSAGE, SECTION_NAME_PATTERN } from '@ticres/shared/limits';
import { characterCount } from './text';

/**
 * A priced block of seats. Seated: `rows` x `seatsPerRow` numbered seats. General admission:
 * `rows` = `seatsPerRow` = 0 and a plain `capacity`. `capacity` is always the seat count.
 */
export interface Section {
  name: string;
  priceCents: number;
  rows: number;
  seatsPerRow: number;
  capacity: number;
}

/** A section as asked for: seated (rows and seats per row) or general admission (capacity). */
export interface SectionInput {
  name: string;
  priceCents: number;
  rows?: number | undefined;
  seatsPerRow?: number | undefined;
  capacity?: number | undefined;
}

// Section names become part of seat labels (`VIP-A-12`), so they keep to a label-safe alphabet.
const SECTION_NAME = new RegExp(SECTION_NAME_PATTERN);

function integerProblem(value: number | undefined, min: number, max: number): string | undefined {
  if (value === undefined) return 'is required';
  if (!Number.isInteger(value) || value < min || value > max) return `must be an integer from ${min} to ${max}`;
  return undefined;
}

function nameProblem(name: string): string | undefined {
  const length = characterCount(name);
  if (length === 0) return 'is required';
  if (length > SECTION_LIMITS.nameLength) return `must be at most ${SECTION_LIMITS.nameLength} characters`;
  if (!SECTION_NAME.test(name)) return SECTION_NAME_MESSAGE;
  return undefined;
}

/** Two names that differ only in letter case would print as one on a ticket. */
const sameName = (name: string) => name.toLowerCase();

/** Checks one section; `path` prefixes its field names (`sections[2]`). */
function parseSection(input: SectionInput, path: string, problems: FieldError[]): Section {
  const name = input.name.trim();
  const check = (field: string, message: string | undefined) => {
    if (message) problems.push({ field: `${path}.${field}`, message });
  };
  check('name', nameProblem(name));
  check('price_cents', integerProblem(input.priceCents, 0, SECTION_LIMITS.maxPriceCents));

  const seated = input.rows !== undefined || input.seatsPerRow !== undefined;
  const general = input.capacity !== undefined;
  if (seated && general) {
    problems.push({ field: path, message: 'give either rows and seats_per_row, or capacity, not both' });
  } else if (seated) {
    check('rows', integerProblem(input.rows, 1, SECTION_LIMITS.rows));
    check('seats_per_row', integerProblem(input.seatsPerRow, 1, SECTION_LIMITS.seatsPerRow));
  } else if (general) {
    check('capacity', integerProblem(input.capacity, 1, SECTION_LIMITS.capacity));
  } else {
    problems.push({ field: path, message: 'needs rows and seats_per_row, or capacity' });
  }

  const rows = seated ? (input.rows ?? 0) : 0;
  const seatsPerRow = seated ? (input.seatsPerRow ?? 0) : 0;
  return { name, priceCents: input.priceCents, rows, seatsPerRow, capacity: seated ? rows * seatsPerRow : (input.capacity ?? 0) };
}

export interface SectionsRequest {
  /** `sections` on create, `add_sections` on update: names the fields in problems. */
  field: string;
  inputs: SectionInput[];
  /** Sections the event already has: names must differ from theirs and seats add up with theirs. */
  existing?: Section[];
  /** At least this many inputs: 1 on create, 0 on update. */
  min: number;
}

/**
 * Checks new sections against each other and the event's existing ones. Appends every problem
 * to `problems` and returns the sections as they would be stored (trimmed names, capacities).
 */
export function parseSections({ field, inputs, existing = [], min }: SectionsRequest, problems: FieldError[]): Section[] {
  const before = problems.length;
  const total = existing.length + inputs.length;
  if (inputs.length < min) problems.push({ field, message: `must have at least ${min} section` });
  else if (total > EVENT_LIMITS.sectionsPerEvent) {
    problems.push({ field, message: `an event has at most ${EVENT_LIMITS.sectionsPerEvent} sections` });
    // Checking each of thousands of sections would only list thousands of problems.
    return [];
  }

  const taken = new Set(existing.map((section) => sameName(section.name)));
  const sections = inputs.map((input, index) => {
    const section = parseSection(input, `${field}[${index}]`, problems);
    const key = sameName(section.name);
    if (section.name !== '' && taken.has(key)) {
      problems.push({ field: `${field}[${index}].name`, message: 'is already used by another section of the event' });
    }
    taken.add(key);
    return section;
  });

  // Only meaningful when every section was valid: a bad one has no trustworthy seat count.
  if (problems.length === before) {
    if (totalCapacity([...existing, ...sections]) > EVENT_LIMITS.seatsPerEvent) {
      problems.push({ field, message: `may hold at most ${EVENT_LIMITS.seatsPerEvent} seats in all` });
    }
  }
  return sections;
}

/** Seats in all sections. */
export const totalCapacity = (sections: Section[]): number => sections.reduce((sum, section) => sum + section.capacity, 0);
