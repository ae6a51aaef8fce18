/**
 * One CSV cell. Values come from the CRMs, so one that starts like a formula (`=`, `+`, `-`, `@`) is
 * prefixed with `'` and a spreadsheet shows it as text instead of running it.
 */
export function csvCell(raw: string): string {
  const s = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
