/**
 * Entries pasted into a risk list in one go: split on lines, commas, semicolons, tabs or spaces (Chinese
 * punctuation too), trimmed, blanks and repeats dropped; values already on the list are reported, not re-added.
 */
export function parsePastedEntries(text: string, existing: readonly string[]): { add: string[]; alreadyListed: string[] } {
  const values = [...new Set(text.split(/[\s,;，；、]+/u).map((value) => value.trim()).filter(Boolean))];
  const listed = new Set(existing);
  return { add: values.filter((value) => !listed.has(value)), alreadyListed: values.filter((value) => listed.has(value)) };
}
