const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs: a malformed one is simply "not found" (PostgreSQL would raise on the uuid cast). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
