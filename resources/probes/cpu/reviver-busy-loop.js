/*---
id: reviver-busy-loop
title: A busy loop inside a JSON.parse reviver
category: cpu
goal: Spin inside a callback that a native built-in calls, with native frames between the loop and the script.
technique: JSON.parse calls the reviver for every key; the reviver never returns.
references: https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/JSON/parse#using_the_reviver_parameter, https://nodejs.org/api/worker_threads.html#workerterminate
limits: timeout=1000
expect: * = limit-enforced
---*/
// A native frame (JSON.parse) sits between the loop and the script: termination must unwind through it.
JSON.parse('{"a":[1,2,3]}', function reviver() {
  for (;;);
});
