/**
 * Hides a person's name in free text (an agent introduces themselves in the transcript), so a
 * "hide agent names" calibration stays blind to who handled the interaction. Pure.
 */

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Replaces the full name and each part of it (2+ letters), as whole words, ignoring case.
 * Example: redactName("Hi, this is Beatriz.", "Beatriz Becker") -> "Hi, this is [agent]."
 */
export function redactName(text: string, fullName: string, replacement = "[agent]"): string {
  const parts = [fullName, ...fullName.split(/\s+/)]
    .map((p) => p.trim())
    .filter((p) => p.length >= 2)
    .sort((a, b) => b.length - a.length);
  if (parts.length === 0) return text;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${parts.map(escape).join("|")})(?![\\p{L}\\p{N}])`, "giu");
  return text.replace(pattern, replacement);
}
