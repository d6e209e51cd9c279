/*---
id: infinite-loop
title: while (true) {}
category: cpu
goal: Keep the CPU busy forever and never yield to the event loop, so nothing cooperative can stop it.
technique: An empty synchronous loop; only preemptive mechanisms (V8 TerminateExecution, the QuickJS interrupt handler, killing a thread or process) can end it.
references: https://nodejs.org/api/vm.html#scriptrunincontextcontextifiedobject-options, https://nodejs.org/api/worker_threads.html#workerterminate
limits: timeout=1000
expect: * = limit-enforced
---*/
// Under `host` nothing inside can interrupt: the supervisor kills the whole host at the deadline.
while (true) {}
