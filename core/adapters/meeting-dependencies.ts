/** The reconciler's dependencies from the process's dependencies (the signing key is fetched on first use). */
import type { ReconcileDependencies } from '../meetings/reconcile.ts';
import type { Dependencies } from './dependencies.ts';

export async function reconcileDependencies(deps: Dependencies): Promise<ReconcileDependencies> {
  return { ...deps, rsvpSecret: await deps.linkSecret() };
}
