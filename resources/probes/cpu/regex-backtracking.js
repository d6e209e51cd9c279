/*---
id: regex-backtracking
title: Catastrophic regular-expression backtracking
category: cpu
goal: Spend exponential time inside the regular-expression engine, a native routine the guest did not write as a loop.
technique: /(a+)+$/ against 'a' x 40 followed by '!' backtracks through 2^40 ways to split the a's before failing.
references: https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS, https://v8.dev/blog/non-backtracking-regexp
limits: timeout=1000
expect: * = limit-enforced
---*/
// The time is spent in Irregexp (V8) or lre (QuickJS), not in JS bytecode: a limit that only checks between
// JS operations would never fire. Both engines poll for interrupts while backtracking.
/(a+)+$/.test('a'.repeat(40) + '!');
