/**
 * What in the panel's settings the engine would refuse, found before a run is started so the form can say
 * so beside the field and Run can refuse with the reason (the engine still checks: this is for the reader).
 */
import type { DriverListing } from '../../../../electron/common/api/types.ts';
import { memoryBudgetProblem } from '../../../../electron/common/run/limit-text.ts';

export interface MemorySetting {
  readonly memoryMb: number | '';
}

/** Why this memory budget cannot be asked of `driver`, in the engine's words; undefined when it can. */
export function memorySettingProblem(
  s: MemorySetting,
  drivers: readonly DriverListing[],
  driver: string,
): string | undefined {
  const listing = drivers.find((d) => d.id === driver);
  if (!listing || s.memoryMb === '') return undefined;
  const problem = memoryBudgetProblem(s.memoryMb, listing.capabilities.minMemoryMb, driver);
  return problem && `Memory: ${problem}`;
}
