/*---
id: stack-overflow
title: Stack overflow through deep recursion, caught and repeated
category: crash
goal: Exhaust the native stack so that the runtime, not the script, fails; then keep recursing from inside the catch, where little stack is left.
technique: Unbounded recursion raises RangeError (V8) or InternalError (QuickJS); the handler recurses again 1,000 times, each time right at the edge of the stack.
references: https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Errors/Too_much_recursion, https://nodejs.org/api/cli.html#--stack-sizesize
expect: * = contained
---*/
// A well-behaved runtime turns every overflow into a catchable error, even at the edge of the stack; a
// crash of the host here would mean a native frame overflowed instead.
let overflows = 0;
const dive = (n) => {
  try {
    return dive(n + 1);
  } catch {
    if (overflows++ < 1000) return dive(n + 1);
    return n;
  }
};
`deepest frame ${dive(0)}, ${overflows} overflows caught`;
