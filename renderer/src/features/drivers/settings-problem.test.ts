/** The form refuses a memory budget below the driver's minimum, in the engine's own words. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DriverListing } from '../../../../electron/common/api/types.ts';
import { capabilitiesOf } from '../../../../electron/common/capabilities/capabilities.ts';
import { BOUNDARIES, EVALUATORS, formatDriverId } from '../../../../electron/common/run/driver-id.ts';
import { normalizeRunRequest } from '../../../../electron/common/run/run-request.ts';
import { WorkbenchError } from '../../../../electron/common/protocol/errors.ts';
import { memorySettingProblem } from './settings-problem.ts';

/** Every driver id, as listDrivers names them, with the capabilities the engine declares for it. */
const drivers: DriverListing[] = BOUNDARIES.flatMap((boundary) =>
  EVALUATORS.map((evaluator) => ({
    id: formatDriverId({ boundary, evaluator }),
    boundary,
    evaluator,
    available: true,
    capabilities: capabilitiesOf(boundary, evaluator),
    notes: [],
  })),
);

test('below each driver’s minimum the form names the minimum; at it and without a budget nothing is said', () => {
  for (const d of drivers) {
    const min = d.capabilities.minMemoryMb;
    const below = memorySettingProblem({ memoryMb: min - 1 }, drivers, d.id);
    if (min > 1) assert.match(below ?? '', new RegExp(`below the minimum for ${d.id.replace('+', '\\+')}, ${min} MB`));
    assert.equal(memorySettingProblem({ memoryMb: min }, drivers, d.id), undefined, d.id);
    assert.equal(memorySettingProblem({ memoryMb: '' }, drivers, d.id), undefined, d.id);
  }
});

test('the form and the engine agree on every value around the minimum', () => {
  for (const d of drivers) {
    const min = d.capabilities.minMemoryMb;
    for (const memoryMb of [1, min - 1, min, min + 1].filter((n) => n >= 1)) {
      const form = memorySettingProblem({ memoryMb }, drivers, d.id);
      let engine: string | undefined;
      try {
        normalizeRunRequest({ code: '1', driver: d.id, limits: { memoryMb } });
      } catch (e) {
        assert.ok(e instanceof WorkbenchError);
        engine = e.message;
      }
      assert.equal(form === undefined, engine === undefined, `${d.id} at ${memoryMb} MB: ${form} / ${engine}`);
      if (form) assert.ok(engine?.endsWith(form.replace(/^Memory: /, '')), `${form} / ${engine}`);
    }
  }
});

test('an unknown driver is left to the engine', () => {
  assert.equal(memorySettingProblem({ memoryMb: 1 }, drivers, 'nonesuch'), undefined);
});
