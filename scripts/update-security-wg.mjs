// Refreshes resources/security-wg/core.json, the snapshot of the nodejs/security-wg `vuln/core` records the
// CVE probes are checked against. Reads the records from a local git clone (bare or not) at a commit, so the
// snapshot names exactly what it was taken from:
//
//   git clone --bare https://github.com/nodejs/security-wg /tmp/security-wg.git
//   node scripts/update-security-wg.mjs /tmp/security-wg.git [COMMIT]
//
// Then run prettier --write on it and update the commit and date in resources/security-wg/README.md.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [gitDir, commitArg = 'HEAD'] = process.argv.slice(2);
if (!gitDir) {
  process.stderr.write('usage: node scripts/update-security-wg.mjs GIT_DIR [COMMIT]\n');
  process.exit(2);
}
const git = (...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64e6 });
const commit = git('rev-parse', `${commitArg}^{commit}`).trim();
const date = git('log', '-1', '--format=%cI', commit).trim();
const names = git('ls-tree', '--name-only', commit, 'vuln/core/')
  .split('\n')
  .filter((n) => /^vuln\/core\/\d+\.json$/.test(n));
const records = names
  .map((name) => {
    const r = JSON.parse(git('show', `${commit}:${name}`));
    return {
      id: Number(/(\d+)\.json$/.exec(name)[1]),
      cve: r.cve,
      vulnerable: r.vulnerable,
      patched: r.patched,
      ...(r.description ? { title: r.description } : {}),
      overview: r.overview,
      reference: r.ref,
    };
  })
  .sort((a, b) => a.id - b.id);
const snapshot = {
  source: { repository: 'https://github.com/nodejs/security-wg', path: 'vuln/core', commit, date },
  records,
};
const out = fileURLToPath(new URL('../resources/security-wg/core.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(snapshot, null, 2)}\n`);
process.stdout.write(`${records.length} records from ${commit} (${date}) → ${out}\n`);
