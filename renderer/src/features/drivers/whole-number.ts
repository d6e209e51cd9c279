/**
 * Reading a limit field as the user types it: the text stays theirs (backspacing `5000` leaves `500`, then
 * `50`, then nothing — never a value we made up), and what is not a whole number in range is said in words
 * beside the field instead of being clamped or sent to the engine.
 */
export interface WholeNumberRule {
  /** The field's name as the sentence starts it: "Timeout", "Memory". */
  readonly name: string;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  /** Empty text means "no value" (e.g. no memory limit) instead of a problem. */
  readonly emptyIs?: '';
}

export type WholeNumberReading = { readonly value: number | '' } | { readonly problem: string };

export function readWholeNumber(text: string, rule: WholeNumberRule): WholeNumberReading {
  const t = text.trim();
  if (t === '' && rule.emptyIs === '') return { value: '' };
  const range = `${rule.name} must be a whole number of ${rule.unit} from ${rule.min} to ${rule.max}`;
  if (!/^\d+$/.test(t)) return { problem: t === '' ? `${range}.` : `${range}; "${t}" is not one.` };
  const n = Number(t);
  if (n < rule.min || n > rule.max) return { problem: `${range}; ${n} is out of range.` };
  return { value: n };
}
