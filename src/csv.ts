/**
 * One CSV cell (RFC 4180), safe to open in a spreadsheet: a cell that starts with = + - @ (or a
 * tab or carriage return) is a formula to Excel and LibreOffice, so it gets a leading apostrophe
 * (OWASP, "CSV Injection"). Every CSV the bot writes (a case's export, the leadership views) uses it.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvRow = (cells: readonly string[]): string => cells.map(csvCell).join(',');
