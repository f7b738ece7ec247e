/** `triage-case` → `TriageCase`: construct ids from the kebab-case names of functions and roles. */
export function pascalCase(kebab: string): string {
  return kebab.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, letter: string) => letter.toUpperCase());
}
