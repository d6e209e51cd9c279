/**
 * A limit field that keeps what the user typed (whole-number.ts): the settings change only when the text is a
 * whole number in range; otherwise the field says why, beside it, and reports the problem so Run can refuse.
 */
import { useEffect, useState } from 'react';
import { readWholeNumber, type WholeNumberRule } from './whole-number.ts';

export function NumberField(props: {
  readonly label: string;
  readonly id: string;
  readonly value: number | '';
  readonly rule: WholeNumberRule;
  readonly placeholder?: string;
  readonly disabled?: boolean;
  readonly title?: string;
  /** Another problem of this field (e.g. a memory budget below the driver's minimum), shown the same way. */
  readonly extraProblem?: string;
  readonly onValue: (value: number | '') => void;
  readonly onProblem: (problem: string | undefined) => void;
}) {
  const { value, rule, onValue, onProblem } = props;
  const [text, setText] = useState(String(value));
  const reading = readWholeNumber(text, rule);
  const problem = 'problem' in reading ? reading.problem : undefined;
  // New settings from outside (a probe, a lesson step, a stored run) replace the text; the echo of what was
  // typed does not.
  useEffect(() => {
    setText((t) => {
      const r = readWholeNumber(t, rule);
      return 'value' in r && r.value === value ? t : String(value);
    });
  }, [value, rule]);
  useEffect(() => {
    onProblem(problem);
  }, [problem, onProblem]);
  // A field that goes away (another page) takes its problem with it; the settings keep the last good value.
  useEffect(() => () => onProblem(undefined), [onProblem]);
  const shown = problem ?? props.extraProblem;
  return (
    <>
      <label title={props.title}>
        {props.label}
        <input
          aria-label={props.label}
          type="number"
          step={1}
          min={rule.min}
          max={rule.max}
          placeholder={props.placeholder}
          value={text}
          disabled={props.disabled}
          aria-invalid={shown !== undefined}
          aria-describedby={shown ? props.id : undefined}
          onChange={(e) => {
            setText(e.target.value);
            const r = readWholeNumber(e.target.value, rule);
            if ('value' in r) onValue(r.value);
          }}
        />
      </label>
      {shown && (
        <p className="error" id={props.id} role="alert">
          {shown}
        </p>
      )}
    </>
  );
}
