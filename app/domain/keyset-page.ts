/**
 * One page out of `limit + 1` rows fetched in keyset order: the first `limit` rows, and the key of the
 * last one (the next page starts strictly after it) when the extra row shows there is a next page.
 *
 * @example takeKeysetPage([a, b, c], 2, (r) => [r.at, r.id]) // { rows: [a, b], next: [b.at, b.id] }
 */
export function takeKeysetPage<Row, Key>(rows: Row[], limit: number, keyOf: (row: Row) => Key) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last !== undefined ? keyOf(last) : null };
}
