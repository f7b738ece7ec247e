// Shows whether the local system is up. Later pages (intake form, caseload, coordination) build on this bundle.
interface Health {
  status: 'ok' | 'unavailable';
  checks: Record<string, string>;
}

const LABELS: Record<string, string> = { dynamodb: 'Datenbank', stepfunctions: 'Workflows', ses: 'E-Mail' };

async function showStatus(target: HTMLElement): Promise<void> {
  try {
    const response = await fetch('/health');
    const health = (await response.json()) as Health;
    const failing = Object.entries(health.checks).filter(([, state]) => state !== 'ok');
    target.className = failing.length === 0 ? 'ok' : 'fehler';
    target.textContent =
      failing.length === 0
        ? 'Alle Dienste sind erreichbar.'
        : `Nicht erreichbar: ${failing.map(([name]) => LABELS[name] ?? name).join(', ')}.`;
  } catch {
    target.className = 'fehler';
    target.textContent = 'Der Status konnte nicht abgerufen werden.';
  }
}

document.addEventListener('DOMContentLoaded', () => {
  const target = document.getElementById('status');
  if (target !== null) void showStatus(target);
});
